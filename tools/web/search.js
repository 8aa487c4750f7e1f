// The HTML edition's search box. The index (search-index.js, built by `make book`) holds
// one entry per section: [page number, anchor, heading, text]. A section matches when
// every word of the query is in its heading or text; headings count more. Runs from
// file:// without any network: the index is a script, not a fetched file.
(function () {
  "use strict";
  var nav = document.getElementById("book-sidebar");
  var data = window.BOOK_SEARCH;
  if (!nav || !data) return;
  var root = nav.getAttribute("data-root") || "";
  var input = document.getElementById("book-search");
  var status = document.getElementById("book-search-status");
  var results = document.getElementById("book-search-results");
  var LIMIT = 30;

  function count(text, word) {
    var n = 0;
    for (var i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) n++;
    return n;
  }

  function find(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    data.sections.forEach(function (entry) {
      var heading = entry[2].toLowerCase();
      var text = entry[3].toLowerCase();
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var inHeading = heading.indexOf(words[i]) >= 0;
        var times = count(text, words[i]);
        if (!inHeading && !times) return;
        score += (inHeading ? 10 : 0) + Math.min(times, 5);
      }
      hits.push({ entry: entry, score: score, words: words });
    });
    hits.sort(function (a, b) {
      return b.score - a.score || a.entry[0] - b.entry[0];
    });
    return hits;
  }

  // The $...$ spans of a text: a snippet never cuts one, and marks no word inside one.
  function mathSpans(text) {
    var spans = [];
    var pattern = /\$\$[^$]+\$\$|\$[^$]+\$/g;
    for (var m = pattern.exec(text); m; m = pattern.exec(text)) spans.push([m.index, m.index + m[0].length]);
    return spans;
  }

  function widen(position, spans, side) {
    for (var i = 0; i < spans.length; i++) {
      if (position > spans[i][0] && position < spans[i][1]) return spans[i][side];
    }
    return position;
  }

  function escaped(word) {
    return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // About 160 characters around the first word found, every word marked outside the math.
  function snippet(text, words) {
    var spans = mathSpans(text);
    var at = Math.max(0, text.toLowerCase().indexOf(words[0]));
    var start = widen(Math.max(0, at - 60), spans, 0);
    var end = widen(Math.min(text.length, start + 160), spans, 1);
    var span = document.createElement("span");
    span.className = "snippet";
    var pattern = new RegExp("(" + words.map(escaped).join("|") + ")", "gi");
    var piece = text.slice(start, end);
    var pieces = [];
    var last = 0;
    mathSpans(piece).forEach(function (math) {
      pieces.push([piece.slice(last, math[0]), false], [piece.slice(math[0], math[1]), true]);
      last = math[1];
    });
    pieces.push([piece.slice(last), false]);
    if (start) span.appendChild(document.createTextNode("… "));
    pieces.forEach(function (part) {
      if (part[1]) {
        span.appendChild(document.createTextNode(part[0]));
        return;
      }
      part[0].split(pattern).forEach(function (bit, i) {
        if (i % 2) {
          var mark = document.createElement("mark");
          mark.textContent = bit;
          span.appendChild(mark);
        } else if (bit) {
          span.appendChild(document.createTextNode(bit));
        }
      });
    });
    if (end < text.length) span.appendChild(document.createTextNode(" …"));
    return span;
  }

  function show(query) {
    results.textContent = "";
    var hits = find(query);
    if (!query.trim()) {
      status.textContent = "";
      return hits;
    }
    status.textContent = hits.length
      ? hits.length + (hits.length === 1 ? " section" : " sections") + (hits.length > LIMIT ? ", the first " + LIMIT + " shown" : "")
      : "Nothing found for “" + query.trim() + "”.";
    hits.slice(0, LIMIT).forEach(function (hit) {
      var page = data.pages[hit.entry[0]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + page[0] + (hit.entry[1] ? "#" + hit.entry[1] : "");
      a.textContent = hit.entry[2] || page[1];
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = page[1];
      li.appendChild(a);
      li.appendChild(where);
      if (hit.entry[3]) li.appendChild(snippet(hit.entry[3], hit.words));
      results.appendChild(li);
    });
    // Headings and snippets hold math as $...$: the page's MathJax renders it.
    if (window.MathJax && window.MathJax.Hub) window.MathJax.Hub.Queue(["Typeset", window.MathJax.Hub, results]);
    return hits;
  }

  input.addEventListener("input", function () {
    show(input.value);
  });
  input.addEventListener("keydown", function (event) {
    var first = results.querySelector("a");
    if (event.key === "Enter" && first) window.location.href = first.href;
  });
})();
