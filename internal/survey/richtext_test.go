package survey

import "testing"

func TestSanitizeRichText(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"plain {q1.text} & more", "plain {q1.text} &amp; more"},
		{"<b>bold</b> <i>it</I>", "<b>bold</b> <i>it</i>"},
		{"<script>alert(1)</script>ok", "ok"},
		{"<img src=x onerror=alert(1)>", "<img>"},
		{`<a href="javascript:alert(1)">x</a>`, `<a target="_blank" rel="noopener noreferrer">x</a>`},
		{`<a href='https://e.com/?a=1&amp;b=2'>x</a>`, `<a href="https://e.com/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">x</a>`},
		{"<b>open", "<b>open</b>"},
		{"stray</b> close", "stray close"},
		{"1 < 2 > 0", "1 &lt; 2 &gt; 0"},
		{"<b><i>x</b>", "<b><i>x</i></b>"},
		{`<span style="color: red; position: fixed">r</span>`, `<span style="color: red">r</span>`},
		{`<span style="background:url(x)">r</span>`, `<span>r</span>`},
		{"<!-- hidden -->shown", "shown"},
		{"&lt;&#39;&#x4e2d;", "&lt;&#39;&#x4e2d;"},
		{"<div onclick=x>text</div>", "text"},
		{`<img src="/static/a.png" width="120" alt="A &quot;b&quot;">`, `<img src="/static/a.png" width="120" alt="A &#34;b&#34;">`},
		{"<style>p{}</style", ""},
		{"[[b1]] 岁", "[[b1]] 岁"},
	}
	for _, c := range cases {
		if got := SanitizeRichText(c.in); got != c.want {
			t.Errorf("SanitizeRichText(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := SanitizeRichText(c.want); again != c.want {
			t.Errorf("not idempotent: %q → %q", c.want, again)
		}
	}
}
