package httpapi

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/media"
	"github.com/opencem/opencem/internal/survey"
)

// UploadMediaInput names the survey an image is uploaded for; the file
// comes as the multipart/form-data field "file" (Op.FileField).
type UploadMediaInput struct {
	ID string `path:"id" doc:"Survey id."`
}

// MediaOut is a stored image.
type MediaOut struct {
	ID          string `json:"id" doc:"Image id."`
	URL         string `json:"url" doc:"Where the image is served, relative to the server root: /media/{id}. Public, so respondents can load it; put it in the survey definition."`
	ContentType string `json:"content_type" enum:"image/png,image/jpeg,image/gif,image/webp" doc:"The type read from the file's bytes, whatever the client said."`
	Size        int64  `json:"size" doc:"Bytes."`
	Width       int    `json:"width" doc:"Pixels."`
	Height      int    `json:"height" doc:"Pixels."`
}

// mediaMultipartSlack is room for the multipart boundaries and part
// headers around the file.
const mediaMultipartSlack = 64 << 10

func (a *API) mediaOps() []Op {
	return []Op{
		Handle(Op{ID: "uploadSurveyMedia", Method: http.MethodPost, Path: "/surveys/{id}/media", Tag: "Surveys", Permission: auth.PermSurveysManage,
			Status: http.StatusCreated, FileField: "file", MaxBody: media.DefaultMaxBytes + mediaMultipartSlack,
			Summary: "Upload an image for a survey",
			Description: "Send the image as the multipart/form-data field `file`. The type is read from the bytes (the part's Content-Type is ignored): " +
				"PNG, JPEG, GIF and WebP up to 5 MiB and 8000×8000 pixels; SVG and anything else is refused. The answer's `url` (/media/{id}) serves the " +
				"image publicly with a long cache lifetime, for hotspot images, option images, video posters and theme logos. The same bytes uploaded " +
				"again for the same survey answer the image already stored. The survey must be in the caller's data scope.",
			Errors: []string{survey.CodeSurveyNotFound, media.CodeTooLarge, media.CodeTypeUnsupported, media.CodeDimensions, media.CodeFileMissing,
				cem.CodeBodyTooLarge, cem.CodeUnsupportedMedia}},
			func(c *Call, in *UploadMediaInput) (MediaOut, error) {
				data, err := readFileField(c, "file", media.DefaultMaxBytes)
				if err != nil {
					return MediaOut{}, err
				}
				m, err := a.svc.Media.Upload(c.Ctx, in.ID, data)
				if err != nil {
					return MediaOut{}, err
				}
				return MediaOut{ID: m.ID, URL: m.URL, ContentType: m.ContentType, Size: m.Size, Width: m.Width, Height: m.Height}, nil
			}),
	}
}

// readFileField reads the named part of a multipart/form-data body, at most
// limit+1 bytes of it, so that the service can tell an oversized file from
// a full one; other parts are skipped. Errors: unsupported_media_type,
// media_file_missing, media_too_large.
func readFileField(c *Call, field string, limit int64) ([]byte, error) {
	c.R.Body = http.MaxBytesReader(c.W, c.R.Body, limit+mediaMultipartSlack)
	mr, err := c.R.MultipartReader()
	if err != nil {
		return nil, cem.E(cem.CodeUnsupportedMedia, "Send the image as multipart/form-data with a field named %s.", field)
	}
	tooLarge := func(err error) bool {
		var mbe *http.MaxBytesError
		return errors.As(err, &mbe)
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil, cem.E(media.CodeFileMissing, "The form has no field named %s.", field)
		}
		if tooLarge(err) {
			return nil, cem.E(media.CodeTooLarge, "The upload is larger than the limit of %d MiB.", limit>>20)
		}
		if err != nil {
			return nil, cem.E(media.CodeFileMissing, "The multipart body could not be read.")
		}
		if p.FormName() != field {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(p, limit+1))
		if tooLarge(err) {
			return nil, cem.E(media.CodeTooLarge, "The upload is larger than the limit of %d MiB.", limit>>20)
		}
		if err != nil {
			return nil, cem.E(media.CodeFileMissing, "The file could not be read.")
		}
		return data, nil
	}
}

// MediaHandler serves GET /media/{id}: an uploaded image, public so that
// respondents load it without signing in. Ids never change their bytes, so
// caches keep them for a year; nosniff and a deny-all CSP keep a browser
// from treating the bytes as anything but the sniffed image type. Unknown
// ids answer media_not_found in the error envelope.
func (a *API) MediaHandler() http.Handler {
	return a.wrap("/media/{id}", func(w http.ResponseWriter, r *http.Request) {
		m, err := a.svc.Media.Get(r.Context(), r.PathValue("id"))
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", m.ContentType)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'")
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("ETag", `"`+m.SHA256+`"`)
		// ServeContent answers If-None-Match, Range and HEAD.
		http.ServeContent(w, r, "", m.CreatedAt, bytes.NewReader(m.Bytes))
	})
}
