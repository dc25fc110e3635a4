package httpapi

import (
	"net/http"
	"time"

	"github.com/opencem/opencem/internal/auth"
)

// APIKeyOut is an API key as the API shows it; the secret never appears.
type APIKeyOut struct {
	ID               string     `json:"id" doc:"Key id; also the X-OpenCEM-Key header of signed requests."`
	Name             string     `json:"name" doc:"What the key is for."`
	Permissions      []string   `json:"permissions" doc:"Permissions the key carries."`
	UnitID           string     `json:"unit_id" doc:"Organisation unit whose subtree is the key's data scope; empty for all data."`
	CIDRs            []string   `json:"cidrs" doc:"Source addresses allowed (IPv4/IPv6 CIDR blocks); empty allows any."`
	ExpiresAt        *time.Time `json:"expires_at" doc:"When the key stops working, or null."`
	RequireSignature bool       `json:"require_signature" doc:"Requests must be signed with the registered public key (see docs/signing.md)."`
	HasPublicKey     bool       `json:"has_public_key" doc:"A public key for request signatures is registered."`
	CertSubject      string     `json:"cert_subject" doc:"Client certificate subject the key is bound to under mutual TLS; empty for none."`
	RateLimit        int        `json:"rate_limit" doc:"Requests allowed per minute."`
	RotationEndsAt   *time.Time `json:"rotation_ends_at" doc:"Until when the previous secret still works after a rotation, or null."`
	CreatedBy        string     `json:"created_by" doc:"User who created the key."`
	CreatedAt        time.Time  `json:"created_at" doc:"When the key was created."`
	RevokedAt        *time.Time `json:"revoked_at" doc:"When the key was revoked, or null."`
	LastUsedAt       *time.Time `json:"last_used_at" doc:"Last use (to the minute), or null."`
	LastUsedIP       string     `json:"last_used_ip" doc:"Address of the last use."`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func keyOut(k *auth.APIKey) APIKeyOut {
	out := APIKeyOut{ID: k.ID, Name: k.Name, Permissions: nonNil(k.Permissions), UnitID: k.UnitID, CIDRs: nonNil(k.CIDRs),
		ExpiresAt: timePtr(k.ExpiresAt), RequireSignature: k.RequireSignature, HasPublicKey: k.PublicKeyPEM != "", CertSubject: k.CertSubject,
		RateLimit: k.RateLimit, CreatedBy: k.CreatedBy, CreatedAt: k.CreatedAt, RevokedAt: timePtr(k.RevokedAt),
		LastUsedAt: timePtr(k.LastUsedAt), LastUsedIP: k.LastUsedIP}
	if k.PrevSecretHash != "" && k.PrevExpiresAt.After(time.Now()) {
		out.RotationEndsAt = timePtr(k.PrevExpiresAt)
	}
	return out
}

// APIKeyInput is the body of createAPIKey and replaceAPIKey.
type APIKeyInput struct {
	ID               string     `path:"id" doc:"Key id (replaceAPIKey only)."`
	Name             string     `json:"name" doc:"What the key is for."`
	Permissions      []string   `json:"permissions" doc:"Permissions to carry; only ones you hold."`
	UnitID           string     `json:"unit_id,omitempty" doc:"Limit the key's data to this unit's subtree."`
	CIDRs            []string   `json:"cidrs,omitempty" doc:"Allowed source addresses or CIDR blocks, IPv4 or IPv6."`
	ExpiresAt        *time.Time `json:"expires_at,omitempty" doc:"When the key stops working."`
	RequireSignature bool       `json:"require_signature,omitempty" doc:"Refuse unsigned requests."`
	PublicKeyPEM     string     `json:"public_key_pem,omitempty" doc:"PEM public key (RSA ≥ 2048, ECDSA P-256 or SM2) that verifies request signatures. On replace, leaving it out keeps the registered key."`
	ClearPublicKey   bool       `json:"clear_public_key,omitempty" doc:"On replace: remove the registered public key."`
	CertSubject      string     `json:"cert_subject,omitempty" doc:"Bind the key to this client certificate subject (mutual TLS)."`
	RateLimit        int        `json:"rate_limit,omitempty" doc:"Requests per minute (default 600)."`
}

func (in *APIKeyInput) domain() auth.KeyInput {
	k := auth.KeyInput{Name: in.Name, Permissions: in.Permissions, UnitID: in.UnitID, CIDRs: in.CIDRs, RequireSignature: in.RequireSignature,
		PublicKeyPEM: in.PublicKeyPEM, CertSubject: in.CertSubject, RateLimit: in.RateLimit, ClearPublicKey: in.ClearPublicKey}
	if in.ExpiresAt != nil {
		k.ExpiresAt = *in.ExpiresAt
	}
	return k
}

// APIKeySecret is a key with its token, shown once.
type APIKeySecret struct {
	Key   APIKeyOut `json:"key" doc:"The key."`
	Token string    `json:"token" doc:"Send as \"Authorization: Bearer <token>\". Shown only this once; store it in a secret manager."`
}

// RotateInput is the body of rotateAPIKey.
type RotateInput struct {
	ID             string `path:"id" doc:"Key id."`
	OverlapSeconds int    `json:"overlap_seconds,omitempty" doc:"How long the previous secret keeps working, 0–604800 seconds (default 0)."`
}

func (a *API) keyOps() []Op {
	errs := []string{auth.CodeKeyNotFound, auth.CodeKeyRevoked}
	return []Op{
		Handle(Op{ID: "listAPIKeys", Method: http.MethodGet, Path: "/api-keys", Tag: "API keys", Permission: auth.PermKeysManage,
			Summary: "List API keys"},
			func(c *Call, _ *NoBody) (List[APIKeyOut], error) {
				keys, err := a.svc.Auth.ListKeys(c.Ctx)
				if err != nil {
					return List[APIKeyOut]{}, err
				}
				out := make([]APIKeyOut, 0, len(keys))
				for _, k := range keys {
					out = append(out, keyOut(k))
				}
				return List[APIKeyOut]{Items: out}, nil
			}),
		Handle(Op{ID: "createAPIKey", Method: http.MethodPost, Path: "/api-keys", Tag: "API keys", Permission: auth.PermKeysManage, Status: http.StatusCreated,
			Summary: "Create an API key", Description: "Returns the token once; only its hash is stored.", Errors: []string{auth.CodeGrantExceeds}},
			func(c *Call, in *APIKeyInput) (APIKeySecret, error) {
				k, tok, err := a.svc.Auth.CreateKey(c.Ctx, in.domain())
				if err != nil {
					return APIKeySecret{}, err
				}
				return APIKeySecret{Key: keyOut(k), Token: tok}, nil
			}),
		Handle(Op{ID: "getAPIKey", Method: http.MethodGet, Path: "/api-keys/{id}", Tag: "API keys", Permission: auth.PermKeysManage,
			Summary: "Get an API key", Errors: errs[:1]},
			func(c *Call, in *IDPath) (APIKeyOut, error) {
				k, err := a.svc.Auth.GetKey(c.Ctx, in.ID)
				if err != nil {
					return APIKeyOut{}, err
				}
				return keyOut(k), nil
			}),
		Handle(Op{ID: "replaceAPIKey", Method: http.MethodPut, Path: "/api-keys/{id}", Tag: "API keys", Permission: auth.PermKeysManage,
			Summary: "Replace an API key's settings", Description: "Everything but the secret.", Errors: append([]string{auth.CodeGrantExceeds}, errs...)},
			func(c *Call, in *APIKeyInput) (APIKeyOut, error) {
				k, err := a.svc.Auth.UpdateKey(c.Ctx, in.ID, in.domain())
				if err != nil {
					return APIKeyOut{}, err
				}
				return keyOut(k), nil
			}),
		Handle(Op{ID: "rotateAPIKey", Method: http.MethodPost, Path: "/api-keys/{id}/rotate", Tag: "API keys", Permission: auth.PermKeysManage,
			Summary: "Issue a new secret", Description: "The previous secret keeps working for overlap_seconds so callers can switch without downtime.", Errors: errs},
			func(c *Call, in *RotateInput) (APIKeySecret, error) {
				k, tok, err := a.svc.Auth.RotateKey(c.Ctx, in.ID, time.Duration(in.OverlapSeconds)*time.Second)
				if err != nil {
					return APIKeySecret{}, err
				}
				return APIKeySecret{Key: keyOut(k), Token: tok}, nil
			}),
		Handle(Op{ID: "revokeAPIKey", Method: http.MethodPost, Path: "/api-keys/{id}/revoke", Tag: "API keys", Permission: auth.PermKeysManage,
			Summary: "Revoke an API key", Description: "Takes effect at once, for every server process.", Errors: errs},
			func(c *Call, in *IDPath) (APIKeyOut, error) {
				k, err := a.svc.Auth.RevokeKey(c.Ctx, in.ID)
				if err != nil {
					return APIKeyOut{}, err
				}
				return keyOut(k), nil
			}),
	}
}
