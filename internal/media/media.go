// Package media keeps the images researchers upload for their surveys
// (issue #6 item 2): hotspot pictures, option images, video posters and
// theme logos. Uploads are sniffed from their bytes — the client's stated
// type is never trusted — and only raster images are kept (PNG, JPEG, GIF,
// WebP); SVG is refused because it can carry script. Stored images are
// public by id, because respondents load them without signing in.
package media

import (
	"context"
	"time"

	"github.com/opencem/opencem/internal/cem"
)

// Limits of an upload.
const (
	// DefaultMaxBytes is the largest file Upload accepts unless the service
	// is configured otherwise.
	DefaultMaxBytes = 5 << 20
	// MaxSide is the largest width or height in pixels: a small file can
	// still declare a huge canvas that would exhaust a phone's memory.
	MaxSide = 8000
)

// Error codes of the media service.
var (
	CodeTypeUnsupported = cem.Define(cem.KindUnsupportedType, "media_type_unsupported",
		"Only PNG, JPEG, GIF and WebP images can be uploaded (the type is read from the file's bytes; SVG is refused).")
	CodeTooLarge   = cem.Define(cem.KindTooLarge, "media_too_large", "The image file is larger than the upload limit (5 MiB by default).")
	CodeDimensions = cem.Define(cem.KindInvalid, "media_dimensions_invalid",
		"The image is wider or taller than 8000 pixels, or its size could not be read.")
	CodeFileMissing = cem.Define(cem.KindInvalid, "media_file_missing", "Send the image as the multipart/form-data field named file.")
	CodeNotFound    = cem.Define(cem.KindNotFound, "media_not_found", "No uploaded image has this id.")
)

// Media is one stored image.
type Media struct {
	ID          string
	SurveyID    string // the survey it was uploaded for ("" for none)
	UnitID      string // the uploader's data scope unit, like the survey's
	ContentType string // sniffed: image/png, image/jpeg, image/gif or image/webp
	Size        int64
	Width       int
	Height      int
	SHA256      string // hex digest of Bytes
	Bytes       []byte
	CreatedBy   string
	CreatedAt   time.Time
}

// Store persists media. Implementations live in internal/store.
type Store interface {
	// CreateMedia inserts m.
	CreateMedia(ctx context.Context, m *Media) error
	// Media returns the image with its bytes; media_not_found when unknown.
	Media(ctx context.Context, id string) (*Media, error)
	// MediaByDigest returns an image of the survey with this SHA-256 for
	// dedupe, or media_not_found.
	MediaByDigest(ctx context.Context, surveyID, sha256 string) (*Media, error)
}
