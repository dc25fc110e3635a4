package auth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/opencem/opencem/internal/alarm"
	"github.com/opencem/opencem/internal/audit"
	"github.com/opencem/opencem/internal/auth/signature"
	"github.com/opencem/opencem/internal/cem"
)

// APIKey lets a third-party system call the API (clause 8.1b): scoped
// permissions, an optional unit scope, a source allow-list, an expiry, an
// optional public key for signed requests (8.2c) and an optional client
// certificate subject (8.2a). The secret is stored as a SHA-256 hash.
type APIKey struct {
	ID               string
	Name             string
	SecretHash       string
	PrevSecretHash   string
	PrevExpiresAt    time.Time
	Permissions      []string
	UnitID           string
	CIDRs            []string
	ExpiresAt        time.Time
	RequireSignature bool
	PublicKeyPEM     string
	CertSubject      string
	RateLimit        int // requests per minute
	CreatedBy        string
	CreatedAt        time.Time
	UpdatedAt        time.Time
	RevokedAt        time.Time
	LastUsedAt       time.Time
	LastUsedIP       string
}

// KeyStore persists API keys and signature nonces.
type KeyStore interface {
	CreateKey(ctx context.Context, k *APIKey) error
	UpdateKey(ctx context.Context, k *APIKey) error
	KeyByID(ctx context.Context, id string) (*APIKey, error)
	ListKeys(ctx context.Context) ([]*APIKey, error)
	TouchKey(ctx context.Context, id string, at time.Time, ip string) error
	// InsertNonce records a nonce; fresh is false when it was already used.
	InsertNonce(ctx context.Context, keyID, nonce string, expires time.Time) (fresh bool, err error)
	DeleteExpiredNonces(ctx context.Context, now time.Time) error
}

// Key limits.
const (
	DefaultKeyRateLimit = 600
	MaxKeyRateLimit     = 100000
	MaxRotationOverlap  = 7 * 24 * time.Hour
	keyTokenPrefix      = "ocm_"
)

// Signature error codes (clause 8.2c), one per reason a signed request is refused.
func init() {
	for _, c := range []struct {
		code signature.Code
		doc  string
	}{
		{signature.CodeMissing, "The API key requires signed requests and a signature header is missing."},
		{signature.CodeAlgorithmUnsupported, "The signature algorithm is unknown or does not fit the registered public key."},
		{signature.CodeInvalid, "The signature does not verify: the request was changed, or the wrong key signed it."},
		{signature.CodeTimestampSkew, "The signature timestamp is more than 5 minutes away from the server's clock."},
		{signature.CodeNonceReused, "The nonce was used before with this key: a replayed request."},
		{signature.CodeNonceInvalid, "The nonce must be 16 to 64 characters of A-Z a-z 0-9 _ -."},
	} {
		cem.Define(cem.KindUnauthenticated, string(c.code), c.doc)
	}
}

// KeyInput is the editable part of a key.
type KeyInput struct {
	Name             string
	Permissions      []string
	UnitID           string
	CIDRs            []string
	ExpiresAt        time.Time
	RequireSignature bool
	PublicKeyPEM     string
	CertSubject      string
	RateLimit        int
	ClearPublicKey   bool // UpdateKey: remove the registered public key
}

// CreateKey makes a key and returns it with its token, shown once. Needs
// keys.manage; a key carries only permissions the creator holds and a unit in
// the creator's scope. Errors: forbidden, validation_failed, grant_exceeds_own.
func (s *Service) CreateKey(ctx context.Context, in KeyInput) (*APIKey, string, error) {
	a, err := require(ctx, PermKeysManage)
	if err != nil {
		return nil, "", err
	}
	now := s.now().UTC()
	if err := s.validateKey(ctx, a, &in, now); err != nil {
		return nil, "", err
	}
	secretPart := cem.RandomToken(32)
	k := &APIKey{ID: cem.NewID(), Name: in.Name, CreatedBy: a.ID, CreatedAt: now, UpdatedAt: now}
	applyKeyInput(k, in)
	k.SecretHash = hashSecret(secretPart)
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.keys.CreateKey(ctx, k); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "api_key.create", TargetType: "api_key", TargetID: k.ID, Outcome: "success", After: keyAudit(k)})
	})
	if err != nil {
		return nil, "", err
	}
	return k, keyTokenPrefix + k.ID + "_" + secretPart, nil
}

// UpdateKey replaces a key's settings (not its secret). Needs keys.manage.
// Errors: forbidden, api_key_not_found, api_key_revoked, validation_failed, grant_exceeds_own.
func (s *Service) UpdateKey(ctx context.Context, id string, in KeyInput) (*APIKey, error) {
	a, err := require(ctx, PermKeysManage)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	var out *APIKey
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		k, err := s.keys.KeyByID(ctx, id)
		if err != nil {
			return err
		}
		if !k.RevokedAt.IsZero() {
			return cem.E(CodeKeyRevoked, "The key is revoked; create a new one.")
		}
		// The registered public key is never shown again, so leaving it out
		// keeps it; ClearPublicKey removes it.
		if strings.TrimSpace(in.PublicKeyPEM) == "" && !in.ClearPublicKey {
			in.PublicKeyPEM = k.PublicKeyPEM
		}
		if err := s.validateKey(ctx, a, &in, now); err != nil {
			return err
		}
		before := keyAudit(k)
		applyKeyInput(k, in)
		k.UpdatedAt = now
		if err := s.keys.UpdateKey(ctx, k); err != nil {
			return err
		}
		out = k
		return s.audit.Record(ctx, audit.Event{Action: "api_key.update", TargetType: "api_key", TargetID: k.ID, Outcome: "success", Before: before, After: keyAudit(k)})
	})
	return out, err
}

// RotateKey issues a new secret; the old one keeps working for overlap (at
// most 7 days) so the caller can switch without downtime. Needs keys.manage.
// Errors: forbidden, api_key_not_found, api_key_revoked, validation_failed.
func (s *Service) RotateKey(ctx context.Context, id string, overlap time.Duration) (*APIKey, string, error) {
	if _, err := require(ctx, PermKeysManage); err != nil {
		return nil, "", err
	}
	if overlap < 0 || overlap > MaxRotationOverlap {
		return nil, "", cem.Invalid("The overlap must be between 0 and 7 days.", cem.FieldError{Name: "overlap_seconds", Reason: "0 to 604800"})
	}
	secretPart := cem.RandomToken(32)
	var out *APIKey
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		k, err := s.keys.KeyByID(ctx, id)
		if err != nil {
			return err
		}
		if !k.RevokedAt.IsZero() {
			return cem.E(CodeKeyRevoked, "The key is revoked; create a new one.")
		}
		now := s.now().UTC()
		k.PrevSecretHash, k.PrevExpiresAt = k.SecretHash, now.Add(overlap)
		k.SecretHash, k.UpdatedAt = hashSecret(secretPart), now
		if err := s.keys.UpdateKey(ctx, k); err != nil {
			return err
		}
		out = k
		return s.audit.Record(ctx, audit.Event{Action: "api_key.rotate", TargetType: "api_key", TargetID: k.ID, Outcome: "success",
			Detail: fmt.Sprintf("previous secret valid until %s", k.PrevExpiresAt.Format(time.RFC3339))})
	})
	if err != nil {
		return nil, "", err
	}
	return out, keyTokenPrefix + out.ID + "_" + secretPart, nil
}

// RevokeKey ends a key at once. Needs keys.manage. Errors: forbidden,
// api_key_not_found, api_key_revoked.
func (s *Service) RevokeKey(ctx context.Context, id string) (*APIKey, error) {
	if _, err := require(ctx, PermKeysManage); err != nil {
		return nil, err
	}
	var out *APIKey
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		k, err := s.keys.KeyByID(ctx, id)
		if err != nil {
			return err
		}
		if !k.RevokedAt.IsZero() {
			return cem.E(CodeKeyRevoked, "The key is already revoked.")
		}
		k.RevokedAt, k.UpdatedAt = s.now().UTC(), s.now().UTC()
		if err := s.keys.UpdateKey(ctx, k); err != nil {
			return err
		}
		out = k
		return s.audit.Record(ctx, audit.Event{Action: "api_key.revoke", TargetType: "api_key", TargetID: k.ID, Outcome: "success"})
	})
	return out, err
}

// ListKeys lists every key. Needs keys.manage. Errors: forbidden.
func (s *Service) ListKeys(ctx context.Context) ([]*APIKey, error) {
	if _, err := require(ctx, PermKeysManage); err != nil {
		return nil, err
	}
	return s.keys.ListKeys(ctx)
}

// GetKey returns one key. Needs keys.manage. Errors: forbidden, api_key_not_found.
func (s *Service) GetKey(ctx context.Context, id string) (*APIKey, error) {
	if _, err := require(ctx, PermKeysManage); err != nil {
		return nil, err
	}
	return s.keys.KeyByID(ctx, id)
}

func (s *Service) validateKey(ctx context.Context, a *cem.Actor, in *KeyInput, now time.Time) error {
	var f []cem.FieldError
	in.Name = strings.TrimSpace(in.Name)
	if n := len([]rune(in.Name)); n < 1 || n > 100 {
		f = append(f, cem.FieldError{Name: "name", Reason: "1–100 characters"})
	}
	in.Permissions = dedupe(in.Permissions)
	if len(in.Permissions) == 0 {
		f = append(f, cem.FieldError{Name: "permissions", Reason: "choose at least one permission"})
	}
	for _, p := range in.Permissions {
		if !KnownPermission(p) {
			f = append(f, cem.FieldError{Name: "permissions", Reason: "unknown permission " + p})
		}
	}
	var cidrs []string
	for _, c := range dedupe(in.CIDRs) {
		p, err := parsePrefix(c)
		if err != nil {
			f = append(f, cem.FieldError{Name: "cidrs", Reason: fmt.Sprintf("%q is not an IPv4 or IPv6 address or CIDR block", c)})
			continue
		}
		cidrs = append(cidrs, p.String())
	}
	in.CIDRs = cidrs
	if !in.ExpiresAt.IsZero() && !in.ExpiresAt.After(now) {
		f = append(f, cem.FieldError{Name: "expires_at", Reason: "must be in the future"})
	}
	in.PublicKeyPEM = strings.TrimSpace(in.PublicKeyPEM)
	if in.PublicKeyPEM != "" {
		if _, err := signature.ParsePublicKey([]byte(in.PublicKeyPEM)); err != nil {
			f = append(f, cem.FieldError{Name: "public_key_pem", Reason: "not a PEM public key (RSA ≥ 2048 bits, ECDSA P-256 or SM2): " + err.Error()})
		}
	}
	if in.RequireSignature && in.PublicKeyPEM == "" {
		f = append(f, cem.FieldError{Name: "public_key_pem", Reason: "required when signatures are required"})
	}
	if in.RateLimit == 0 {
		in.RateLimit = DefaultKeyRateLimit
	}
	if in.RateLimit < 1 || in.RateLimit > MaxKeyRateLimit {
		f = append(f, cem.FieldError{Name: "rate_limit", Reason: fmt.Sprintf("1 to %d requests per minute", MaxKeyRateLimit)})
	}
	if len(f) > 0 {
		return cem.Invalid("Some fields are invalid.", f...)
	}
	for _, p := range in.Permissions {
		if !a.Can(p) {
			return cem.E(CodeGrantExceeds, "A key can only carry permissions you hold; you do not hold %s.", p)
		}
	}
	if in.UnitID != "" {
		ok, err := s.store.UnitsInScope(ctx, []string{in.UnitID}, a.Scope)
		if err != nil {
			return err
		}
		if !ok {
			return cem.E(CodeGrantExceeds, "The organisation unit does not exist or is outside your data scope.")
		}
	} else if !a.Scope.All {
		return cem.Invalid("Choose an organisation unit: your own data scope is limited.", cem.FieldError{Name: "unit_id", Reason: "required for a scoped creator"})
	}
	return nil
}

func applyKeyInput(k *APIKey, in KeyInput) {
	k.Name, k.Permissions, k.UnitID, k.CIDRs, k.ExpiresAt = in.Name, in.Permissions, in.UnitID, in.CIDRs, in.ExpiresAt
	k.RequireSignature, k.PublicKeyPEM, k.CertSubject, k.RateLimit = in.RequireSignature, in.PublicKeyPEM, strings.TrimSpace(in.CertSubject), in.RateLimit
}

func parsePrefix(s string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), nil
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(addr, addr.BitLen()), nil
}

// KeyRequest is what a request presents to authenticate with a key.
type KeyRequest struct {
	Bearer      string           // the token from "Authorization: Bearer …", if any
	Signed      *signature.Input // set when the request carries signature headers
	CertSubject string           // verified client certificate subject (mutual TLS), if any
	Client      Client
}

// AuthenticateKey resolves a key credential to an actor: the key must be
// live, used from an allowed address, with a matching client certificate if
// one is bound, with its secret or a valid signature (required when the key
// says so), and within its rate limit. Errors: api_key_invalid,
// api_key_source_denied, api_key_certificate_mismatch, signature_* codes,
// rate_limited.
func (s *Service) AuthenticateKey(ctx context.Context, req KeyRequest) (*cem.Actor, error) {
	now := s.now().UTC()
	invalid := cem.E(CodeKeyInvalid, "The API key is unknown, revoked, expired or wrong.")
	keyID, secretPart := parseKeyToken(req.Bearer)
	if req.Signed != nil {
		if keyID != "" && keyID != req.Signed.KeyID {
			return nil, invalid
		}
		keyID = req.Signed.KeyID
	}
	if keyID == "" {
		return nil, invalid
	}
	k, err := s.keys.KeyByID(ctx, keyID)
	if cem.CodeOf(err) == CodeKeyNotFound {
		return nil, invalid
	} else if err != nil {
		return nil, err
	}
	fail := func(e *cem.Error, detail string) (*cem.Actor, error) {
		actor := &cem.Actor{Kind: "api_key", ID: k.ID, Name: k.Name, IP: req.Client.IP, UserAgent: req.Client.UserAgent, RequestID: req.Client.RequestID}
		_ = s.audit.Record(ctx, audit.Event{Action: "api_key.auth_failed", TargetType: "api_key", TargetID: k.ID, Outcome: "failure", Detail: e.Code + ": " + detail, Actor: actor})
		return nil, e
	}
	if !k.RevokedAt.IsZero() || (!k.ExpiresAt.IsZero() && !now.Before(k.ExpiresAt)) {
		return fail(invalid, "revoked or expired")
	}
	if !ipAllowed(k.CIDRs, req.Client.IP) {
		_ = s.alarms.Raise(ctx, alarm.Alarm{Kind: "key_disallowed_ip", Severity: "high", Subject: "key:" + k.ID,
			Message: fmt.Sprintf("API key %q was used from %s, outside its allow-list.", k.Name, req.Client.IP),
			Details: map[string]any{"key_id": k.ID, "ip": req.Client.IP}})
		return fail(cem.E(CodeKeySource, "This API key may not be used from %s.", req.Client.IP), "source "+req.Client.IP)
	}
	if k.CertSubject != "" && req.CertSubject != k.CertSubject {
		return fail(cem.E(CodeKeyCertMismatch, "Present the client certificate bound to this key."), "certificate "+req.CertSubject)
	}
	authed := false
	if secretPart != "" {
		h := hashSecret(secretPart)
		cur := subtle.ConstantTimeCompare([]byte(h), []byte(k.SecretHash)) == 1
		prev := k.PrevSecretHash != "" && now.Before(k.PrevExpiresAt) && subtle.ConstantTimeCompare([]byte(h), []byte(k.PrevSecretHash)) == 1
		if !cur && !prev {
			return fail(invalid, "wrong secret")
		}
		authed = true
	}
	if k.RequireSignature && req.Signed == nil {
		return fail(cem.E(string(signature.CodeMissing), "This API key requires signed requests; see /docs#signing."), "unsigned")
	}
	if req.Signed != nil {
		if err := s.verifySignature(ctx, k, *req.Signed, now); err != nil {
			e := cem.AsError(err)
			if e.Kind != cem.KindInternal {
				_ = s.alarms.Watch(ctx, "signature_failures", "key:"+k.ID, 5, 10*time.Minute,
					fmt.Sprintf("Repeated signature failures for API key %q.", k.Name), "high")
				return fail(e, "signature")
			}
			return nil, err
		}
		authed = true
	}
	if !authed {
		return nil, invalid
	}
	if s.counter != nil {
		n, err := s.counter.Add(ctx, "key_rate:"+k.ID, time.Minute, now)
		if err != nil {
			return nil, err
		}
		if n > k.RateLimit {
			e := cem.E(cem.CodeRateLimited, "This API key is limited to %d requests per minute.", k.RateLimit)
			e.RetryAfter = cem.WindowStart(now, time.Minute).Add(time.Minute).Sub(now)
			return nil, e
		}
	}
	if now.Sub(k.LastUsedAt) >= time.Minute || k.LastUsedIP != req.Client.IP {
		if err := s.keys.TouchKey(ctx, k.ID, now, req.Client.IP); err != nil {
			return nil, err
		}
		actor := &cem.Actor{Kind: "api_key", ID: k.ID, Name: k.Name, IP: req.Client.IP, UserAgent: req.Client.UserAgent, RequestID: req.Client.RequestID}
		_ = s.audit.Record(ctx, audit.Event{Action: "api_key.use", TargetType: "api_key", TargetID: k.ID, Outcome: "success", Actor: actor})
	}
	perms := map[string]bool{PermPublic: true, PermSignedIn: true}
	for _, p := range k.Permissions {
		perms[p] = true
	}
	a := &cem.Actor{Kind: "api_key", ID: k.ID, Name: k.Name, Permissions: perms, IP: req.Client.IP, UserAgent: req.Client.UserAgent, RequestID: req.Client.RequestID}
	if k.UnitID != "" {
		a.Scope, a.Units = cem.Scope{UnitIDs: []string{k.UnitID}}, []string{k.UnitID}
	} else {
		a.Scope = cem.Scope{All: true}
	}
	return a, nil
}

func (s *Service) verifySignature(ctx context.Context, k *APIKey, in signature.Input, now time.Time) error {
	v := signature.Verifier{
		Keys: func(id string) (signature.PublicKey, error) {
			if id != k.ID || k.PublicKeyPEM == "" {
				return signature.PublicKey{}, signature.ErrUnknownKey
			}
			return signature.ParsePublicKey([]byte(k.PublicKeyPEM))
		},
		Nonces: func(keyID, nonce string, ts time.Time) (bool, error) {
			return s.keys.InsertNonce(ctx, keyID, nonce, ts.Add(2*signature.DefaultMaxSkew))
		},
	}
	_, err := v.Verify(in, now)
	if code := signature.CodeOf(err); code != "" {
		var se *signature.Error
		errors.As(err, &se)
		return cem.E(string(code), "%s", se.Message)
	}
	return err
}

func ipAllowed(cidrs []string, ip string) bool {
	if len(cidrs) == 0 {
		return true
	}
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	for _, c := range cidrs {
		if p, err := netip.ParsePrefix(c); err == nil && p.Contains(addr) {
			return true
		}
	}
	return false
}

func parseKeyToken(tok string) (id, secretPart string) {
	rest, ok := strings.CutPrefix(tok, keyTokenPrefix)
	if !ok {
		return "", ""
	}
	id, secretPart, ok = strings.Cut(rest, "_")
	if !ok || !cem.ValidID(id) || secretPart == "" {
		return "", ""
	}
	return id, secretPart
}

func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func keyAudit(k *APIKey) map[string]any {
	return map[string]any{"name": k.Name, "permissions": k.Permissions, "unit_id": k.UnitID, "cidrs": k.CIDRs, "expires_at": k.ExpiresAt,
		"require_signature": k.RequireSignature, "cert_subject": k.CertSubject, "rate_limit": k.RateLimit, "has_public_key": k.PublicKeyPEM != ""}
}
