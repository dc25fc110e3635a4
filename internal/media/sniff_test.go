package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/opencem/opencem/internal/cem"
)

// encoded returns a w×h image in the given format.
func encoded(t testing.TB, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "jpeg":
		err = jpeg.Encode(&buf, img, nil)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// webp builds a WebP file whose first chunk is kind with payload.
func webp(kind string, payload []byte) []byte {
	var b bytes.Buffer
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, uint32(4+8+len(payload)))
	b.WriteString("WEBP" + kind)
	_ = binary.Write(&b, binary.LittleEndian, uint32(len(payload)))
	b.Write(payload)
	return b.Bytes()
}

func webpVP8X(w, h int) []byte {
	p := make([]byte, 10)
	p[4], p[5], p[6] = byte(w-1), byte((w-1)>>8), byte((w-1)>>16)
	p[7], p[8], p[9] = byte(h-1), byte((h-1)>>8), byte((h-1)>>16)
	return webp("VP8X", p)
}

func webpVP8L(w, h int) []byte {
	p := make([]byte, 10)
	p[0] = 0x2f
	binary.LittleEndian.PutUint32(p[1:5], uint32(w-1)|uint32(h-1)<<14)
	return webp("VP8L", p)
}

func webpVP8(w, h int) []byte {
	p := make([]byte, 10)
	p[3], p[4], p[5] = 0x9d, 0x01, 0x2a
	binary.LittleEndian.PutUint16(p[6:8], uint16(w))
	binary.LittleEndian.PutUint16(p[8:10], uint16(h))
	return webp("VP8 ", p)
}

func TestSniffAcceptsRasterImages(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		ct   string
		w, h int
	}{
		{"png", encoded(t, "png", 3, 2), "image/png", 3, 2},
		{"jpeg", encoded(t, "jpeg", 17, 9), "image/jpeg", 17, 9},
		{"gif", encoded(t, "gif", 5, 4), "image/gif", 5, 4},
		{"webp-vp8x", webpVP8X(640, 480), "image/webp", 640, 480},
		{"webp-vp8l", webpVP8L(1000, 8000), "image/webp", 1000, 8000},
		{"webp-vp8", webpVP8(320, 200), "image/webp", 320, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			info, err := Sniff(c.data, DefaultMaxBytes)
			if err != nil || info.ContentType != c.ct || info.Width != c.w || info.Height != c.h {
				t.Fatalf("got %+v, %v; want %s %d×%d", info, err, c.ct, c.w, c.h)
			}
		})
	}
}

func TestSniffRefuses(t *testing.T) {
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>`)
	// A PNG signature followed by HTML: sniffed as PNG, but no readable header.
	pngThenHTML := append([]byte("\x89PNG\r\n\x1a\n"), []byte("<html><script>alert(1)</script></html>")...)
	for _, c := range []struct {
		name string
		data []byte
		code string
	}{
		{"svg", svg, CodeTypeUnsupported},
		{"svg-bare", []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`), CodeTypeUnsupported},
		{"html", []byte("<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"), CodeTypeUnsupported},
		{"text", []byte("just words"), CodeTypeUnsupported},
		{"pdf", []byte("%PDF-1.4\n"), CodeTypeUnsupported},
		{"bmp", append([]byte("BM"), make([]byte, 60)...), CodeTypeUnsupported},
		{"empty", nil, CodeTypeUnsupported},
		{"png-then-html", pngThenHTML, CodeDimensions},
		{"too-wide-png", encoded(t, "png", MaxSide+1, 1), CodeDimensions},
		{"too-tall-webp", webpVP8X(10, MaxSide+1), CodeDimensions},
		{"zero-webp", webpVP8(0, 10), CodeDimensions},
		{"bad-vp8l", webp("VP8L", make([]byte, 10)), CodeDimensions},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Sniff(c.data, DefaultMaxBytes); cem.CodeOf(err) != c.code {
				t.Fatalf("got %v, want %s", err, c.code)
			}
		})
	}
}

func TestSniffSizeLimit(t *testing.T) {
	img := encoded(t, "png", 4, 4)
	if _, err := Sniff(img, int64(len(img))); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	if _, err := Sniff(img, int64(len(img)-1)); cem.CodeOf(err) != CodeTooLarge {
		t.Fatalf("one byte over: %v", err)
	}
	if cem.AsError(cem.E(CodeTooLarge, "x")).Kind != cem.KindTooLarge {
		t.Fatal("media_too_large must answer 413")
	}
}

// FuzzSniff: no input panics, and whatever is accepted is an allowed type
// within the pixel limits.
func FuzzSniff(f *testing.F) {
	f.Add(encoded(f, "png", 2, 2))
	f.Add(encoded(f, "gif", 2, 2))
	f.Add(encoded(f, "jpeg", 2, 2))
	f.Add(webpVP8X(2, 2))
	f.Add(webpVP8L(2, 2))
	f.Add(webpVP8(2, 2))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Add([]byte("<svg/>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := Sniff(data, DefaultMaxBytes)
		if err != nil {
			if c := cem.CodeOf(err); c != CodeTypeUnsupported && c != CodeDimensions && c != CodeTooLarge {
				t.Fatalf("unexpected code %s", c)
			}
			return
		}
		if !allowed[info.ContentType] || info.Width < 1 || info.Height < 1 || info.Width > MaxSide || info.Height > MaxSide {
			t.Fatalf("accepted %+v", info)
		}
	})
}
