package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
	"github.com/opencem/opencem/internal/survey"
)

// Surveys finds a survey within a data scope; the survey store does.
type Surveys interface {
	Survey(ctx context.Context, scope cem.Scope, id string) (*survey.Survey, error)
}

// Service uploads and serves images.
type Service struct {
	store   Store
	surveys Surveys
	tx      cem.Transactor
	audit   audit.Recorder
	now     func() time.Time
	// MaxBytes is the largest upload (default DefaultMaxBytes).
	MaxBytes int64
}

// NewService returns the media service; now may be nil for time.Now.
func NewService(store Store, surveys Surveys, tx cem.Transactor, rec audit.Recorder, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, surveys: surveys, tx: tx, audit: rec, now: now, MaxBytes: DefaultMaxBytes}
}

// Uploaded is what Upload answers.
type Uploaded struct {
	ID          string
	URL         string // relative to the server root: /media/{id}
	ContentType string // read from the bytes, whatever the client said
	Size        int64
	Width       int
	Height      int
}

// URL is the public address of an image.
func URL(id string) string { return "/media/" + id }

// Upload stores an image for a survey in the caller's scope and records it
// in the audit trail. The same bytes uploaded again for the same survey
// answer the image already stored. Needs surveys.manage. Errors: forbidden,
// survey_not_found (also for a survey outside the caller's scope),
// media_too_large, media_type_unsupported, media_dimensions_invalid.
func (s *Service) Upload(ctx context.Context, surveyID string, data []byte) (*Uploaded, error) {
	a := cem.ActorFrom(ctx)
	if !a.Can(auth.PermSurveysManage) {
		return nil, cem.E(cem.CodeForbidden, "You do not have permission to do this (%s).", auth.PermSurveysManage)
	}
	sv, err := s.surveys.Survey(ctx, a.Scope, surveyID)
	if err != nil {
		return nil, err
	}
	info, err := Sniff(data, s.MaxBytes)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	if old, err := s.store.MediaByDigest(ctx, sv.ID, digest); err == nil {
		return uploaded(old), nil
	} else if cem.CodeOf(err) != CodeNotFound {
		return nil, err
	}
	m := &Media{ID: cem.NewID(), SurveyID: sv.ID, UnitID: sv.UnitID, ContentType: info.ContentType, Size: int64(len(data)),
		Width: info.Width, Height: info.Height, SHA256: digest, Bytes: data, CreatedBy: a.ID, CreatedAt: s.now().UTC()}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateMedia(ctx, m); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "media.upload", TargetType: "media", TargetID: m.ID,
			After: map[string]any{"survey_id": m.SurveyID, "content_type": m.ContentType, "size": m.Size,
				"width": m.Width, "height": m.Height, "sha256": m.SHA256}})
	})
	if err != nil {
		return nil, err
	}
	return uploaded(m), nil
}

func uploaded(m *Media) *Uploaded {
	return &Uploaded{ID: m.ID, URL: URL(m.ID), ContentType: m.ContentType, Size: m.Size, Width: m.Width, Height: m.Height}
}

// Get returns a stored image with its bytes. Anyone may call it: images
// are public by id so that respondents can load them, and ids are random.
// Errors: media_not_found.
func (s *Service) Get(ctx context.Context, id string) (*Media, error) {
	if !cem.ValidID(id) {
		return nil, cem.E(CodeNotFound, "No uploaded image has this id.")
	}
	return s.store.Media(ctx, id)
}
