/* Questions in the search box ("what is a cluster"): Material searches every word as a prefix
   ("a" becomes "a*", matching hundreds of words), so a question's small words bury the answer.
   Before the query goes to Material's search worker (message type 2), English stop words are
   dropped from it, unless nothing else would be left. The words shown in the box are not
   changed; the same stop words are never indexed (lunr's stopWordFilter). Works with the
   file:// worker shim of the offline copy too (it is the page's Worker). */
(() => {
  const STOP_WORDS = new Set(["a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for",
    "from", "how", "in", "is", "it", "its", "of", "on", "or", "the", "to", "was", "were", "what", "when",
    "where", "which", "who", "why", "with"]);
  const QUERY = 2;  // Material's SearchMessageType.QUERY
  const send = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      const kept = message.data.split(/\s+/).filter(word => !STOP_WORDS.has(word.toLowerCase()));
      if (kept.join("").length > 0) message = { ...message, data: kept.join(" ") };
    }
    return send.call(this, message, ...rest);
  };
})();
