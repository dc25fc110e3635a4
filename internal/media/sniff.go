package media

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	_ "image/gif" // registers the GIF header decoder for image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"net/http"

	"github.com/opencem/opencem/internal/cem"
)

// Info is what Sniff learns from an image's bytes.
type Info struct {
	ContentType string
	Width       int
	Height      int
}

// allowed are the raster types a survey may show; everything else —
// notably SVG and HTML, which browsers may run script in — is refused.
var allowed = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true}

// Sniff validates an upload from its bytes alone: the type comes from
// http.DetectContentType, the size from the image header (no pixel is
// decoded, so a decompression bomb costs nothing). Anyone may call it; it
// never panics on any input. Errors: media_too_large, media_type_unsupported,
// media_dimensions_invalid.
func Sniff(data []byte, maxBytes int64) (Info, error) {
	if int64(len(data)) > maxBytes {
		// The caller may have read only limit+1 bytes: say "larger than", not a size.
		return Info{}, cem.E(CodeTooLarge, "The image is larger than the upload limit of %s.", sizeText(maxBytes))
	}
	if len(data) == 0 {
		return Info{}, cem.E(CodeTypeUnsupported, "The file is empty.")
	}
	ct := http.DetectContentType(data)
	if !allowed[ct] {
		return Info{}, cem.E(CodeTypeUnsupported, "The file is %s; only PNG, JPEG, GIF and WebP images are accepted.", ct)
	}
	var w, h int
	if ct == "image/webp" {
		var ok bool
		if w, h, ok = webpSize(data); !ok {
			return Info{}, cem.E(CodeDimensions, "The WebP header could not be read.")
		}
	} else {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return Info{}, cem.E(CodeDimensions, "The image header could not be read.")
		}
		w, h = cfg.Width, cfg.Height
	}
	if w <= 0 || h <= 0 || w > MaxSide || h > MaxSide {
		return Info{}, cem.E(CodeDimensions, "The image is %d×%d pixels; each side must be between 1 and %d.", w, h, MaxSide)
	}
	return Info{ContentType: ct, Width: w, Height: h}, nil
}

// webpSize reads the canvas size from a WebP file's first chunk (the
// standard library has no WebP decoder): VP8X carries it directly, VP8L
// (lossless) packs it in 14-bit fields, VP8 (lossy) in the key frame header.
func webpSize(b []byte) (w, h int, ok bool) {
	if len(b) < 30 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return 0, 0, false
	}
	d := b[20:]
	switch string(b[12:16]) {
	case "VP8X":
		w = int(uint32(d[4])|uint32(d[5])<<8|uint32(d[6])<<16) + 1
		h = int(uint32(d[7])|uint32(d[8])<<8|uint32(d[9])<<16) + 1
		return w, h, true
	case "VP8L":
		if d[0] != 0x2f {
			return 0, 0, false
		}
		bits := binary.LittleEndian.Uint32(d[1:5])
		return int(bits&0x3fff) + 1, int(bits>>14&0x3fff) + 1, true
	case "VP8 ":
		if d[3] != 0x9d || d[4] != 0x01 || d[5] != 0x2a {
			return 0, 0, false
		}
		return int(binary.LittleEndian.Uint16(d[6:8]) & 0x3fff), int(binary.LittleEndian.Uint16(d[8:10]) & 0x3fff), true
	}
	return 0, 0, false
}

// sizeText writes a byte count as people read it: 5 MiB, 800 KiB, 12 bytes.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
