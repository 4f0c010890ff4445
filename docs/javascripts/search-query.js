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

/* A result of a query typed without accents ("Losch") opens its page with ?h=losch; Material
   marks only the words spelled as typed, so this marks the words that match once their
   diacritics are removed ("Lösch"), as Material would, after it. */
(() => {
  const query = new URLSearchParams(location.search).get("h");
  const article = document.querySelector("article.md-content__inner");
  if (!query || !article) return;
  const fold = text => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const wanted = query.split(/\s+/).map(fold).filter(Boolean);
  const word = /[\p{L}\p{N}]+/gu;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: node => node.parentElement.closest("mark, script, style, button, .md-tooltip2")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const text = node.textContent;
    const parts = [];
    let last = 0;
    for (const match of text.matchAll(word)) {
      const folded = fold(match[0]);
      if (folded === match[0].toLowerCase() || !wanted.some(term => folded.startsWith(term))) continue;
      parts.push(document.createTextNode(text.slice(last, match.index)));
      const mark = document.createElement("mark");
      mark.setAttribute("data-md-highlight", "");
      mark.textContent = match[0];
      parts.push(mark);
      last = match.index + match[0].length;
    }
    if (parts.length) node.replaceWith(...parts, document.createTextNode(text.slice(last)));
  }
})();
