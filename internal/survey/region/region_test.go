package region

import "testing"

func TestCounts(t *testing.T) {
	t.Parallel()
	p, c, d := Count()
	if p != 34 || c < 330 || d < 2800 {
		t.Fatalf("counts = %d provinces, %d cities, %d districts", p, c, d)
	}
}

func TestLookupAndPath(t *testing.T) {
	t.Parallel()
	path := Path("330106")
	if len(path) != 3 || path[0].Name != "浙江省" || path[1].Name != "杭州市" || path[2].Name != "西湖区" {
		t.Fatalf("path = %+v", path)
	}
	if d, ok := Lookup("110100"); !ok || d.Name != "北京市" || d.Level != City {
		t.Fatalf("110100 = %+v %v", d, ok)
	}
	if _, ok := Lookup("999999"); ok {
		t.Fatal("999999 found")
	}
	if Path("999999") != nil {
		t.Fatal("path of unknown code")
	}
	if HasChildren("441900") {
		t.Fatal("东莞市 has no districts")
	}
	if HasChildren("810000") || !IsChild("", "810000") {
		t.Fatal("Hong Kong is a province-level division without children")
	}
	if !IsChild("510000", "510100") || IsChild("510000", "330100") {
		t.Fatal("IsChild")
	}
}

func TestRequiredProvincesComplete(t *testing.T) {
	t.Parallel()
	// Spot checks across the provinces the issue names.
	for code, name := range map[string]string{
		"110105": "朝阳区", "310115": "浦东新区", "440305": "南山区",
		"330106": "西湖区", "320102": "玄武区", "510107": "武侯区",
	} {
		if d, ok := Lookup(code); !ok || d.Name != name {
			t.Errorf("%s = %+v, want %s", code, d, name)
		}
	}
	if n := len(Children("440000")); n != 21 {
		t.Errorf("广东省 has %d cities, want 21", n)
	}
	if n := len(Children("510000")); n != 21 {
		t.Errorf("四川省 has %d cities, want 21", n)
	}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	got := Search("杭州", District, 5)
	if len(got) == 0 || got[0].Code != "330100" {
		t.Fatalf("search 杭州 = %+v", got)
	}
	if Search("", District, 5) != nil {
		t.Fatal("empty query")
	}
	for _, d := range Search("州", Province, 50) {
		if d.Level != Province {
			t.Fatalf("level filter: %+v", d)
		}
	}
}
