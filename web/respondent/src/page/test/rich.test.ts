// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { plain, rich } from '../rich'

const html = (s: string) => {
  const d = document.createElement('div')
  d.append(rich(s))
  return d.innerHTML
}

describe('rich texts', () => {
  it('keep the allowed subset', () => {
    expect(html('<p><b>粗</b><i>斜</i><u>下</u><br><span style="color: red; position: fixed">色</span></p>')).toBe(
      '<p><b>粗</b><i>斜</i><u>下</u><br><span style="color: red;">色</span></p>',
    )
    expect(html('<a href="https://x.cn/a">链接</a>')).toBe('<a href="https://x.cn/a" target="_blank" rel="noopener noreferrer">链接</a>')
    expect(html('<img src="/logo.png" alt="标志" width="20" height="x">')).toBe('<img src="/logo.png" alt="标志" width="20">')
  })

  it('drop scripts, handlers and dangerous URLs', () => {
    expect(html('<script>alert(1)</script><style>*{}</style>好')).toBe('好')
    expect(html('<img src=x onerror="alert(1)">')).toBe('')
    expect(html('<img src="//evil.example/x.png">')).toBe('')
    expect(html('<a href="javascript:alert(1)" onclick="x()">点</a>')).toBe('<a>点</a>')
    expect(html('<div onclick="x()"><em>留</em></div>')).toBe('<em>留</em>')
    expect(html('<svg><script>1</script></svg>文')).toBe('文')
    expect(html('a &lt; b')).toBe('a &lt; b')
  })

  it('replace blank markers with the given nodes', () => {
    const inputs: Record<string, HTMLInputElement> = { name: document.createElement('input') }
    const d = document.createElement('div')
    d.append(rich('<b>我叫[[name]]</b>，[[unknown]]', (id) => inputs[id] || null))
    expect(d.querySelector('b input')).toBe(inputs.name)
    expect(d.textContent).toBe('我叫，[[unknown]]')
  })

  it('give plain text', () => {
    expect(plain('<p>您好，<b>李</b></p>')).toBe('您好，李')
  })
})
