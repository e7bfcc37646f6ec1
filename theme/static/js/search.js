// Search page: runs Pagefind's index (built by hubtools/search_index.py) through its JS API with
// our own small UI, because the stock UI is larger than the whole page budget (14 KB) and injects
// styles. The Pagefind bundle (and its WebAssembly) is loaded only when the reader searches.
(function () {
  "use strict";
  var form = document.querySelector("[data-search]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var MAX = 20;
  var engine = null;
  var latest = 0;  // drops answers to queries the reader has already replaced

  // The index comes in shards (hubtools/search_index.py): shards.json names them, the first is
  // loaded and the others merged into it, so one search covers them all.
  function load() {
    if (!engine) {
      // Relative links keep the site movable under any sub-path: resolve both against this page.
      var bundle = new URL(form.getAttribute("data-bundle"), location.href).href;
      var root = new URL(form.getAttribute("data-root"), location.href).pathname;
      var options = { baseUrl: root, excerptLength: 40 };
      engine = fetch(bundle + "shards.json").then(function (response) {
        if (!response.ok) throw new Error("shards.json: " + response.status);
        return response.json();
      }).then(function (manifest) {
        var names = manifest.bundles;
        return import(bundle + names[0] + "/pagefind.js").then(function (pagefind) {
          return pagefind.options(options).then(function () {
            return Promise.all(names.slice(1).map(function (name) {
              return pagefind.mergeIndex(bundle + name + "/", options);
            }));
          }).then(function () { return pagefind; });
        });
      });
      engine.catch(function () { engine = null; });  // the next search tries again
    }
    return engine;
  }

  function filters() {
    var out = {};
    var type = form.querySelector("input[name=type]:checked");
    var category = form.querySelector("select[name=category]");
    if (type && type.value) out.type = type.value;
    if (category && category.value) out.category = category.value;
    return out;
  }

  // Pagefind's excerpt is HTML with <mark> around hits: keep only text and <mark>, nothing else.
  function excerpt(html) {
    var p = document.createElement("p");
    var t = document.createElement("template");
    t.innerHTML = html;
    t.content.childNodes.forEach(function (node) {
      var keep = node.nodeName === "MARK" ? document.createElement("mark") : null;
      if (keep) { keep.textContent = node.textContent; p.appendChild(keep); }
      else p.appendChild(document.createTextNode(node.textContent));
    });
    return p;
  }

  function item(data) {
    var li = document.createElement("li");
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = data.url;
    a.textContent = (data.meta && data.meta.title) || data.url;
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "result-meta";
    var type = data.filters && data.filters.type ? data.filters.type[0] : "";
    meta.textContent = [type, data.meta && data.meta.date].filter(Boolean).join(" · ");
    li.appendChild(meta);
    li.appendChild(excerpt(data.excerpt || ""));
    return li;
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    list.replaceChildren();
    if (!query) { status.textContent = "请输入要查找的词语。"; return; }
    status.textContent = "正在搜索……";
    load().then(function (pagefind) {
      return pagefind.search(query, { filters: filters() });
    }).then(function (search) {
      return Promise.all(search.results.slice(0, MAX).map(function (r) { return r.data(); }))
        .then(function (pages) { return { total: search.results.length, pages: pages }; });
    }).then(function (found) {
      if (ticket !== latest) return;
      found.pages.forEach(function (data) { list.appendChild(item(data)); });
      status.textContent = found.total
        ? "“" + query + "”：找到 " + found.total + " 条结果" + (found.total > MAX ? "，显示前 " + MAX + " 条。" : "。")
        : "没有找到“" + query + "”。换个词试试，或用下方的方式浏览。";
    }).catch(function () {
      if (ticket !== latest) return;
      status.textContent = "搜索暂时无法使用，请用下方的栏目、标签和归档浏览。";
    });
  }

  // The query lives in the address (?q=…&type=…&category=…) so results can be bookmarked and shared.
  function syncAddress() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value) params.append(key, value); });
    history.replaceState(null, "", "?" + params.toString());
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    syncAddress();
    run();
  });
  form.addEventListener("change", function (event) {
    if (event.target !== input && input.value.trim()) { syncAddress(); run(); }
  });

  var params = new URLSearchParams(location.search);
  if (params.get("q")) {
    input.value = params.get("q");
    var type = form.querySelector("input[name=type][value='" + CSS.escape(params.get("type") || "") + "']");
    if (type) type.checked = true;
    var category = form.querySelector("select[name=category]");
    if (category && params.get("category")) category.value = params.get("category");
    run();
  }
})();
