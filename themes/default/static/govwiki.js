// The default govwiki theme's script: the sidebar, the light/dark switch, search, the phone's
// menu, and keyboard access to boxes that scroll.

// The sidebar: the page tree is written once per build, into toc.js, instead of into every
// page. Its links start at the site root; here they get this page's way to the root, the
// entry of this page is marked, and the entries above it are opened. Without JavaScript, the
// sidebar shows toc.html in a frame.
(() => {
  const sidebar = document.querySelector(".sidebar[data-current]");
  if (!sidebar || typeof window.govwikiToc !== "string") return;
  const root = sidebar.dataset.root || "";
  const current = sidebar.dataset.current;
  const template = document.createElement("template");
  template.innerHTML = window.govwikiToc;
  for (const link of template.content.querySelectorAll("a[href]")) {
    const href = link.getAttribute("href");
    if (current && href === current) {
      link.setAttribute("aria-current", "page");
      link.parentElement.classList.add("current");
      for (let item = link.parentElement; item; item = item.parentElement.closest("li")) {
        item.classList.add("open");
      }
    }
    link.setAttribute("href", root + href);
  }
  // Each folder of the tree gets a button that folds and unfolds it, whether the page shown
  // is in it or not.
  for (const item of template.content.querySelectorAll("li.has-children")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "fold";
    const label = item.querySelector(":scope > a, :scope > .folder");
    const name = label ? label.textContent : "folder";
    const show = () => {
      const open = item.classList.contains("open");
      button.setAttribute("aria-expanded", String(open));
      button.setAttribute("aria-label", (open ? "Fold " : "Unfold ") + name);
    };
    button.addEventListener("click", () => {
      item.classList.toggle("open");
      show();
    });
    show();
    item.prepend(button);
  }
  sidebar.replaceChildren(template.content);
})();

// The light/dark switch remembers the reader's choice; without it, or without JavaScript,
// the system's preference decides.
(() => {
  const root = document.documentElement;
  const button = document.querySelector(".theme-toggle");
  if (!button) return;
  const current = () =>
    root.dataset.theme ||
    (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  const show = () => {
    const next = current() === "dark" ? "light" : "dark";
    button.textContent = next === "dark" ? "Dark mode" : "Light mode";
    button.setAttribute("aria-label", "Switch to " + next + " mode");
  };
  button.hidden = false;
  show();
  button.addEventListener("click", () => {
    const next = current() === "dark" ? "light" : "dark";
    root.dataset.theme = next;
    try {
      localStorage.setItem("govwiki-theme", next);
    } catch (_) {
      // Storage may be off (private windows, some file:// settings): the switch still works.
    }
    show();
  });
})();

// Search: the index (search-index.js, written by every build) is loaded as a script on first
// use, so it works offline and from file://. Every word of the query must match: the last one
// as a prefix, so that results come while typing. `/` focuses the box, Escape leaves it. Each
// result shown loads its page's text (search-text.js beside the page, also a script) and
// shows the passage around the first match instead of the page's summary.
(() => {
  const input = document.querySelector(".search input");
  const list = document.querySelector(".search-results");
  if (!input || !list) return;
  const root = input.dataset.root || "";
  input.hidden = false;
  let loading = null;
  const load = () =>
    loading ||
    (loading = new Promise((resolve) => {
      const script = document.createElement("script");
      script.src = root + "search-index.js";
      script.onload = () => resolve(window.govwikiSearch);
      script.onerror = () => resolve(null);
      document.head.appendChild(script);
    }));
  const decode = (gaps) => {
    let page = 0;
    return gaps.split(" ").map((gap) => (page += parseInt(gap, 36)));
  };
  const words = (text) =>
    text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2);
  const escape = (text) =>
    text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  // Every word of the query is marked in one pass over the text, the longest first where
  // two start at one place, and the text around is escaped piece by piece: a word can never
  // match inside a mark made for another word, or inside an escaped character.
  const mark = (text, query) => {
    const alternatives = [...new Set(query)]
      .sort((a, b) => b.length - a.length)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    if (alternatives.length === 0) return escape(text);
    let html = "";
    let last = 0;
    for (const match of text.matchAll(new RegExp(alternatives.join("|"), "giu"))) {
      html += escape(text.slice(last, match.index)) + "<mark>" + escape(match[0]) + "</mark>";
      last = match.index + match[0].length;
    }
    return html + escape(text.slice(last));
  };
  // The pages' texts, by URL, as their scripts hand them over.
  const texts = new Map();
  const asked = new Set();
  const textUrl = (url) =>
    url.endsWith("index.html")
      ? url.slice(0, -"index.html".length) + "search-text.js"
      : url + ".search-text.js";
  // The passage of `text` around the first place where a word of the query starts: a little
  // before it and more after, cut at spaces; null where no word of the query is in the text.
  const passage = (text, query) => {
    const lower = text.toLowerCase();
    let at = -1;
    for (const word of query) {
      const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const found = lower.search(new RegExp("(?<![\\p{L}\\p{N}])" + escaped, "u"));
      if (found >= 0 && (at < 0 || found < at)) at = found;
    }
    if (at < 0) return null;
    let start = Math.max(0, at - 60);
    let end = Math.min(text.length, at + 180);
    const cut = text.indexOf(" ", start);
    if (start > 0 && cut >= 0 && cut < at) start = cut + 1;
    const space = text.lastIndexOf(" ", end);
    if (end < text.length && space > at) end = space;
    const before = start > 0 ? "… " : "";
    return before + text.slice(start, end).trim() + (end < text.length ? " …" : "");
  };
  const snippets = (query) => {
    for (const hit of list.querySelectorAll(".search-hit")) {
      const url = hit.dataset.url;
      const text = texts.get(url);
      if (text === undefined) {
        if (asked.has(url)) continue;
        asked.add(url);
        const script = document.createElement("script");
        script.src = root + textUrl(url);
        document.head.appendChild(script);
        continue;
      }
      const around = passage(text, query);
      if (around) hit.querySelector(".search-snippet").innerHTML = mark(around, query);
    }
  };
  window.govwikiText = (url, text) => {
    texts.set(url, text);
    snippets(words(input.value));
  };
  const search = (index, query) => {
    let found = null;
    query.forEach((word, i) => {
      const pages = new Set();
      const last = i === query.length - 1;
      for (const key in index.words) {
        if (key === word || (last && key.startsWith(word))) {
          decode(index.words[key]).forEach((p) => pages.add(p));
        }
      }
      found = found === null ? pages : new Set([...found].filter((p) => pages.has(p)));
    });
    // A page's title, and its former names when it has any (the entry's sixth field).
    const names = (p) => (index.pages[p][0] + " " + (index.pages[p][5] || "")).toLowerCase();
    const inTitle = (p) => query.every((w) => names(p).includes(w));
    return [...(found || [])].sort((a, b) => inTitle(b) - inTitle(a) || a - b);
  };
  // Results come a page at a time; "More results" adds the next.
  const PAGE = 20;
  let shown = PAGE;
  // The result chosen with the arrow keys, which Enter opens: -1 for none.
  let chosen = -1;
  const choose = (at) => {
    const hits = [...list.querySelectorAll(".search-hit")];
    if (hits.length === 0) return;
    chosen = (at + hits.length) % hits.length;
    hits.forEach((hit, i) => hit.classList.toggle("chosen", i === chosen));
    hits[chosen].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", hits[chosen].id);
  };
  const show = async () => {
    const query = words(input.value);
    chosen = -1;
    input.removeAttribute("aria-activedescendant");
    if (query.length === 0) {
      list.hidden = true;
      list.innerHTML = "";
      return;
    }
    const index = await load();
    if (!index) return;
    const found = search(index, query);
    const hits = found.slice(0, shown);
    const more = found.length - hits.length;
    list.innerHTML = hits.length
      ? hits
          .map((p, i) => {
            const [title, url, kind, labels, excerpt, formerly] = index.pages[p];
            return (
              '<a class="search-hit" id="search-hit-' + i + '" href="' + escape(root + url) +
              '" data-url="' + escape(url) + '">' +
              '<span class="search-kind">' + escape(kind) + "</span> " +
              '<span class="search-title">' + mark(title, query) + "</span>" +
              (formerly
                ? ' <span class="search-formerly">formerly ' + mark(formerly, query) + "</span>"
                : "") +
              (labels ? ' <span class="search-labels">' + escape(labels) + "</span>" : "") +
              '<span class="search-snippet">' + mark(excerpt, query) + "</span></a>"
            );
          })
          .join("") +
        (more > 0
          ? '<button type="button" class="search-more">More results (' + more + ")</button>"
          : "")
      : '<p class="search-none">No page matches.</p>';
    list.hidden = false;
    snippets(query);
  };
  input.addEventListener("input", () => {
    shown = PAGE;
    show();
  });
  input.addEventListener("focus", load);
  list.addEventListener("click", (event) => {
    if (!event.target.closest(".search-more")) return;
    shown += PAGE;
    show().then(() => input.focus());
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      input.value = "";
      show();
      input.blur();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      choose(event.key === "ArrowDown" ? chosen + 1 : chosen < 0 ? -1 : chosen - 1);
    } else if (event.key === "Enter") {
      const hits = list.querySelectorAll(".search-hit");
      const hit = hits[chosen < 0 ? 0 : chosen];
      if (hit) {
        event.preventDefault();
        window.location.href = hit.href;
      }
    }
  });
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing) {
      event.preventDefault();
      input.focus();
    }
  });
})();

// The header stays at the top of the window (see the stylesheet): its height, which wraps
// with the window's width, tells the sticky page tree and anchored headings where to start.
(() => {
  const header = document.querySelector(".site-header");
  if (!header) return;
  const measure = () =>
    document.documentElement.style.setProperty("--header", `${header.offsetHeight}px`);
  measure();
  if (typeof ResizeObserver === "function") new ResizeObserver(measure).observe(header);
})();

// On a phone the page tree and the site's links open from the menu button (see the
// stylesheet); on a wide screen the button is hidden and they are always shown.
(() => {
  const button = document.querySelector(".menu-toggle");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = document.body.classList.toggle("menu-open");
    button.setAttribute("aria-expanded", String(open));
  });
})();

// A table or code block wider than its column scrolls in its own box (see the stylesheet):
// a reader without a mouse can scroll it only once it can take focus, which a box that
// fits should not, so as not to add a stop to the Tab key for nothing.
(() => {
  const boxes = document.querySelectorAll(".content table, .content pre, .table-wrap");
  if (boxes.length === 0) return;
  const mark = () =>
    boxes.forEach((box) => {
      if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  mark();
  window.addEventListener("resize", mark);
})();
