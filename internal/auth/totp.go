package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/cem"
)

// TOTP parameters (RFC 6238 defaults, which every authenticator app reads):
// HMAC-SHA1, 30-second steps, 6 digits; one step of clock drift allowed.
const (
	totpStep   = 30
	totpDigits = 6
	totpDrift  = 1
	// RecoveryCodeCount codes are issued at once; each works one time.
	RecoveryCodeCount = 10
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a random 160-bit secret in base32.
func NewTOTPSecret() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic("auth: crypto/rand failed: " + err.Error())
	}
	return b32.EncodeToString(b)
}

// TOTPCode returns the code for secret at time step (RFC 6238 §4).
func TOTPCode(secret string, step int64) (string, error) {
	key, err := b32.DecodeString(strings.ToUpper(strings.TrimRight(secret, "=")))
	if err != nil {
		return "", fmt.Errorf("auth: totp secret: %w", err)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for i := 0; i < totpDigits; i++ {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", totpDigits, bin%mod), nil
}

// TOTPStep is the time step containing t.
func TOTPStep(t time.Time) int64 { return t.Unix() / totpStep }

// matchTOTP returns the step whose code equals code within the drift window
// and after lastStep (a code is accepted once), or 0.
func matchTOTP(secret, code string, now time.Time, lastStep int64) int64 {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != totpDigits {
		return 0
	}
	cur := TOTPStep(now)
	for d := -totpDrift; d <= totpDrift; d++ {
		st := cur + int64(d)
		want, err := TOTPCode(secret, st)
		if err == nil && st > lastStep && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return st
		}
	}
	return 0
}

// checkSecondFactor accepts a TOTP code or an unused recovery code and
// returns which was used. Errors: mfa_code_invalid.
func (s *Service) checkSecondFactor(ctx context.Context, u *User, code string, now time.Time) (string, error) {
	bad := cem.E(CodeMFAInvalid, "The code is wrong or was already used.")
	if !u.TOTPEnabled || s.box == nil {
		return "", bad
	}
	sec, err := s.box.Open(u.TOTPSecret, "totp:"+u.ID)
	if err != nil {
		return "", fmt.Errorf("auth: open totp secret of %s: %w", u.ID, err)
	}
	if st := matchTOTP(sec, code, now, u.TOTPLastStep); st > 0 {
		u.TOTPLastStep = st
		return "totp", s.store.UpdateUser(ctx, u)
	}
	norm := normaliseRecovery(code)
	if len(norm) == 10 {
		ok, err := s.store.UseRecoveryCode(ctx, u.ID, hashToken(norm), now)
		if err != nil {
			return "", err
		}
		if ok {
			return "recovery_code", nil
		}
	}
	return "", bad
}

// TOTPSetup is what an authenticator app needs to enrol.
type TOTPSetup struct {
	Secret     string
	OTPAuthURL string
}

// BeginTOTP starts two-factor enrolment for the signed-in user: a new secret
// is stored sealed (pending) and returned with an otpauth:// URL for a QR
// code. Errors: unauthenticated, mfa_state (already enabled).
func (s *Service) BeginTOTP(ctx context.Context) (*TOTPSetup, error) {
	u, err := s.UserOf(ctx, cem.ActorFrom(ctx))
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabled {
		return nil, cem.E(CodeMFAState, "Two-factor authentication is already on; turn it off first to enrol a new device.")
	}
	sec := NewTOTPSecret()
	u.TOTPSecret, u.UpdatedAt = s.box.Seal(sec, "totp:"+u.ID), s.now().UTC()
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return nil, err
	}
	q := url.Values{"secret": {sec}, "issuer": {"OpenCEM"}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	label := url.PathEscape("OpenCEM:" + u.Username)
	return &TOTPSetup{Secret: sec, OTPAuthURL: "otpauth://totp/" + label + "?" + q.Encode()}, nil
}

// EnableTOTP confirms enrolment with a code from the app and returns fresh
// recovery codes (shown once). Errors: mfa_state (no pending secret or
// already on), mfa_code_invalid.
func (s *Service) EnableTOTP(ctx context.Context, code string) ([]string, error) {
	u, err := s.UserOf(ctx, cem.ActorFrom(ctx))
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabled || u.TOTPSecret == "" {
		return nil, cem.E(CodeMFAState, "Start the set-up first; two-factor authentication is either on already or not begun.")
	}
	sec, err := s.box.Open(u.TOTPSecret, "totp:"+u.ID)
	if err != nil {
		return nil, fmt.Errorf("auth: open totp secret: %w", err)
	}
	now := s.now().UTC()
	st := matchTOTP(sec, code, now, 0)
	if st == 0 {
		return nil, cem.E(CodeMFAInvalid, "The code does not match. Check the time on your phone and try the current code.")
	}
	codes, hashes := newRecoveryCodes()
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		before := userAudit(u)
		u.TOTPEnabled, u.TOTPLastStep, u.UpdatedAt = true, st, now
		if err := s.store.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := s.store.ReplaceRecoveryCodes(ctx, u.ID, hashes); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "user.mfa_enable", TargetType: "user", TargetID: u.ID, Outcome: "success", Before: before, After: userAudit(u)})
	})
	return codes, err
}

// DisableTOTP turns two-factor sign-in off for the signed-in user after
// checking the password and a current code. Errors: password_incorrect,
// mfa_code_invalid, mfa_state.
func (s *Service) DisableTOTP(ctx context.Context, password, code string) error {
	u, err := s.UserOf(ctx, cem.ActorFrom(ctx))
	if err != nil {
		return err
	}
	if !u.TOTPEnabled {
		return cem.E(CodeMFAState, "Two-factor authentication is not on.")
	}
	if !CheckPassword(u.PasswordHash, password) {
		return cem.E(CodePasswordWrong, "The password is wrong.")
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.checkSecondFactor(ctx, u, code, s.now().UTC()); err != nil {
			return err
		}
		return s.clearTOTP(ctx, u, "user.mfa_disable")
	})
}

func (s *Service) clearTOTP(ctx context.Context, u *User, action string) error {
	before := userAudit(u)
	u.TOTPEnabled, u.TOTPSecret, u.TOTPLastStep, u.UpdatedAt = false, "", 0, s.now().UTC()
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return err
	}
	if err := s.store.ReplaceRecoveryCodes(ctx, u.ID, nil); err != nil {
		return err
	}
	return s.audit.Record(ctx, audit.Event{Action: action, TargetType: "user", TargetID: u.ID, Outcome: "success", Before: before, After: userAudit(u)})
}

// RegenerateRecoveryCodes replaces the signed-in user's recovery codes after
// checking a current code. Errors: mfa_state, mfa_code_invalid.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, code string) ([]string, error) {
	u, err := s.UserOf(ctx, cem.ActorFrom(ctx))
	if err != nil {
		return nil, err
	}
	if !u.TOTPEnabled {
		return nil, cem.E(CodeMFAState, "Two-factor authentication is not on.")
	}
	codes, hashes := newRecoveryCodes()
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.checkSecondFactor(ctx, u, code, s.now().UTC()); err != nil {
			return err
		}
		if err := s.store.ReplaceRecoveryCodes(ctx, u.ID, hashes); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "user.recovery_codes", TargetType: "user", TargetID: u.ID, Outcome: "success"})
	})
	return codes, err
}

// newRecoveryCodes returns codes shown as xxxxx-xxxxx and their hashes.
func newRecoveryCodes() (codes, hashes []string) {
	for i := 0; i < RecoveryCodeCount; i++ {
		raw := cem.RandomToken(7)[:10]
		codes = append(codes, raw[:5]+"-"+raw[5:])
		hashes = append(hashes, hashToken(raw))
	}
	return codes, hashes
}

func normaliseRecovery(code string) string {
	return strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
}
