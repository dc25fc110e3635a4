// A few DOM helpers: the page uses no UI framework (size budget, issue #5).

type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>
type Child = Node | string | null | undefined | false
type Children = (Child | Children)[]

/** h('button', {class: 'b', onclick: f}, 'Next') builds an element; false/null attributes are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Children): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  if (attrs) {
    for (const k in attrs) {
      const v = attrs[k]
      if (v == null || v === false) continue
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener)
      else if (k === 'class') el.className = String(v)
      else if (k === 'value' || k === 'checked' || k === 'selected') (el as unknown as Record<string, unknown>)[k] = v
      else el.setAttribute(k, v === true ? '' : String(v))
    }
  }
  append(el, children)
  return el
}

function append(el: Node, children: Children) {
  for (const c of children) {
    if (Array.isArray(c)) append(el, c)
    else if (c != null && c !== false) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c)
  }
}

/** Replaces an element's children. */
export function fill(el: Node, ...children: Children) {
  while (el.firstChild) el.removeChild(el.firstChild)
  append(el, children)
}

/** Puts the given children in this order, moving only what is out of place. */
export function order(parent: Node, kids: Node[]) {
  let at = parent.firstChild
  for (const k of kids) {
    if (k === at) at = at.nextSibling
    else parent.insertBefore(k, at)
  }
  while (at) {
    const next = at.nextSibling
    parent.removeChild(at)
    at = next
  }
}

let uid = 0
/** A document-unique id with a prefix. */
export const nextId = (p = 'i') => `${p}${++uid}`
