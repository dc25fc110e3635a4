// Rich texts (docs/survey-format.md §2): the server sanitises them when a
// definition is parsed, and the page sanitises again before it puts them in
// the DOM — the same allow-list, so a stored text can never run script here.

const TAGS = new Set(['B', 'STRONG', 'I', 'EM', 'U', 'S', 'SUB', 'SUP', 'BR', 'P', 'UL', 'OL', 'LI', 'SPAN', 'A', 'IMG'])
const DROP = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'TEMPLATE', 'TEXTAREA', 'NOSCRIPT', 'SVG', 'MATH'])
const STYLE = /^(color|background-color|font-weight|font-style|text-decoration)$/
const SIMPLE = /^[#\w\s.,%()-]+$/

/**
 * Parses rich text into a clean fragment. marker, when given, replaces each
 * [[id]] of the text with the node it returns (blanks questions).
 */
export function rich(html: string, marker?: (id: string) => Node | null): DocumentFragment {
  const t = document.createElement('template')
  t.innerHTML = html
  const out = document.createDocumentFragment()
  copy(t.content, out, marker)
  return out
}

function copy(from: Node, to: Node, marker?: (id: string) => Node | null) {
  for (let n = from.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3) {
      text(n.nodeValue || '', to, marker)
      continue
    }
    if (n.nodeType !== 1) continue
    const e = n as Element
    const tag = e.tagName.toUpperCase()
    if (DROP.has(tag)) continue
    if (!TAGS.has(tag)) {
      copy(e, to, marker)
      continue
    }
    const c = document.createElement(tag.toLowerCase())
    if (tag === 'A') {
      const href = e.getAttribute('href') || ''
      if (/^(https?:|mailto:)/i.test(href)) {
        c.setAttribute('href', href)
        c.setAttribute('target', '_blank')
        c.setAttribute('rel', 'noopener noreferrer')
      }
    } else if (tag === 'IMG') {
      const src = e.getAttribute('src') || ''
      if (!/^(https?:|\/(?!\/))/i.test(src)) continue
      c.setAttribute('src', src)
      c.setAttribute('alt', e.getAttribute('alt') || '')
      for (const a of ['width', 'height']) {
        const v = e.getAttribute(a)
        if (v && /^\d+$/.test(v)) c.setAttribute(a, v)
      }
    } else if (tag === 'SPAN') {
      const st = (e as HTMLElement).style
      for (let i = 0; i < st.length; i++) {
        const p = st[i]
        const v = st.getPropertyValue(p)
        if (STYLE.test(p) && SIMPLE.test(v)) (c as HTMLElement).style.setProperty(p, v)
      }
    }
    copy(e, c, marker)
    to.appendChild(c)
  }
}

function text(s: string, to: Node, marker?: (id: string) => Node | null) {
  if (!marker) {
    to.appendChild(document.createTextNode(s))
    return
  }
  const re = /\[\[([A-Za-z0-9_-]{1,64})\]\]/g
  let last = 0
  for (let m; (m = re.exec(s)); ) {
    const node = marker(m[1])
    if (!node) continue
    to.appendChild(document.createTextNode(s.slice(last, m.index)))
    to.appendChild(node)
    last = m.index + m[0].length
  }
  to.appendChild(document.createTextNode(s.slice(last)))
}

/** Rich text as plain text (for accessible names and the document title). */
export function plain(html: string): string {
  return rich(html).textContent || ''
}
