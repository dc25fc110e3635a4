package httpapi

import (
	"net/http"
	"time"

	"github.com/opencem/opencem/internal/auth"
)

// ChangePasswordInput is the body of changeMyPassword.
type ChangePasswordInput struct {
	CurrentPassword string `json:"current_password" doc:"The password in use now." format:"password"`
	NewPassword     string `json:"new_password" doc:"The new password: 10 to 256 characters, not digits only." format:"password"`
}

// SessionInfo is one signed-in browser of the user.
type SessionInfo struct {
	ID         string    `json:"id" doc:"Session id, for revoking it."`
	IP         string    `json:"ip" doc:"Address the session signed in from."`
	UserAgent  string    `json:"user_agent" doc:"Browser that signed in."`
	CreatedAt  time.Time `json:"created_at" doc:"When the session began."`
	LastSeenAt time.Time `json:"last_seen_at" doc:"Last request made with it (to the minute)."`
	ExpiresAt  time.Time `json:"expires_at" doc:"When it ends unless used again."`
	Current    bool      `json:"current" doc:"True for the session making this request."`
}

// IDPath is the input of operations on one item.
type IDPath struct {
	ID string `path:"id" doc:"Id of the item."`
}

// TOTPSetupOutput is what an authenticator app needs.
type TOTPSetupOutput struct {
	Secret     string `json:"secret" doc:"Base32 secret, for typing into the app by hand."`
	OTPAuthURL string `json:"otpauth_url" doc:"otpauth:// URL to show as a QR code."`
}

// CodeInput carries a second-factor code.
type CodeInput struct {
	Code string `json:"code" doc:"The current 6-digit code from the authenticator app (or a recovery code where noted)."`
}

// DisableTOTPInput is the body of disableMyTOTP.
type DisableTOTPInput struct {
	Password string `json:"password" doc:"The account password." format:"password"`
	Code     string `json:"code" doc:"A current code or an unused recovery code."`
}

// RecoveryCodes are shown once.
type RecoveryCodes struct {
	Codes []string `json:"codes" doc:"One-time recovery codes; store them safely, they are not shown again."`
}

// ProfileInput changes the signed-in user's own profile.
type ProfileInput struct {
	Name  *string `json:"name,omitempty" doc:"New display name."`
	Email *string `json:"email,omitempty" doc:"New e-mail address (empty to clear)."`
}

func (a *API) profileOps() []Op {
	return []Op{
		Handle(Op{ID: "updateMe", Method: http.MethodPatch, Path: "/me", Tag: "Profile", Permission: auth.PermSignedIn,
			Summary: "Change my name or e-mail"},
			func(c *Call, in *ProfileInput) (User, error) {
				u, err := a.svc.Auth.UpdateMyProfile(c.Ctx, in.Name, in.Email)
				if err != nil {
					return User{}, err
				}
				return userOut(u), nil
			}),
		Handle(Op{ID: "changeMyPassword", Method: http.MethodPost, Path: "/me/password", Tag: "Profile", Permission: auth.PermSignedIn,
			Summary: "Change my password", Description: "Ends the user's other sessions.", Errors: []string{}},
			func(c *Call, in *ChangePasswordInput) (NoContent, error) {
				return NoContent{}, a.svc.Auth.ChangePassword(c.Ctx, in.CurrentPassword, in.NewPassword, c.sessionToken)
			}),
		Handle(Op{ID: "listMySessions", Method: http.MethodGet, Path: "/me/sessions", Tag: "Profile", Permission: auth.PermSignedIn,
			Summary: "List my sessions"},
			func(c *Call, _ *NoBody) (List[SessionInfo], error) {
				ss, err := a.svc.Auth.MySessions(c.Ctx)
				if err != nil {
					return List[SessionInfo]{}, err
				}
				cur := auth.TokenHash(c.sessionToken)
				out := make([]SessionInfo, 0, len(ss))
				for _, s := range ss {
					out = append(out, SessionInfo{ID: s.ID, IP: s.IP, UserAgent: s.UserAgent, CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt,
						ExpiresAt: s.ExpiresAt, Current: s.TokenHash == cur})
				}
				return List[SessionInfo]{Items: out}, nil
			}),
		Handle(Op{ID: "revokeMySession", Method: http.MethodDelete, Path: "/me/sessions/{id}", Tag: "Profile", Permission: auth.PermSignedIn,
			Summary: "Sign out one of my sessions", Errors: []string{auth.CodeSessionGone}},
			func(c *Call, in *IDPath) (NoContent, error) {
				return NoContent{}, a.svc.Auth.RevokeMySession(c.Ctx, in.ID)
			}),
		Handle(Op{ID: "beginMyTOTP", Method: http.MethodPost, Path: "/me/mfa/totp", Tag: "Profile", Permission: auth.PermSignedIn,
			Summary: "Start two-factor set-up", Description: "Creates a pending TOTP secret; confirm it with enableMyTOTP.", Errors: []string{auth.CodeMFAState}},
			func(c *Call, _ *NoBody) (TOTPSetupOutput, error) {
				s, err := a.svc.Auth.BeginTOTP(c.Ctx)
				if err != nil {
					return TOTPSetupOutput{}, err
				}
				return TOTPSetupOutput{Secret: s.Secret, OTPAuthURL: s.OTPAuthURL}, nil
			}),
		Handle(Op{ID: "enableMyTOTP", Method: http.MethodPost, Path: "/me/mfa/totp/enable", Tag: "Profile", Permission: auth.PermSignedIn,
			Summary: "Confirm two-factor set-up", Description: "Turns two-factor sign-in on and returns recovery codes, shown once.",
			Errors: []string{auth.CodeMFAState, auth.CodeMFAInvalid}},
			func(c *Call, in *CodeInput) (RecoveryCodes, error) {
				codes, err := a.svc.Auth.EnableTOTP(c.Ctx, in.Code)
				return RecoveryCodes{Codes: codes}, err
			}),
		Handle(Op{ID: "disableMyTOTP", Method: http.MethodPost, Path: "/me/mfa/totp/disable", Tag: "Profile", Permission: auth.PermSignedIn,
			Summary: "Turn two-factor sign-in off", Errors: []string{auth.CodeMFAState, auth.CodeMFAInvalid, auth.CodePasswordWrong}},
			func(c *Call, in *DisableTOTPInput) (NoContent, error) {
				return NoContent{}, a.svc.Auth.DisableTOTP(c.Ctx, in.Password, in.Code)
			}),
		Handle(Op{ID: "regenerateMyRecoveryCodes", Method: http.MethodPost, Path: "/me/mfa/recovery-codes", Tag: "Profile", Permission: auth.PermSignedIn,
			Summary: "Replace my recovery codes", Errors: []string{auth.CodeMFAState, auth.CodeMFAInvalid}},
			func(c *Call, in *CodeInput) (RecoveryCodes, error) {
				codes, err := a.svc.Auth.RegenerateRecoveryCodes(c.Ctx, in.Code)
				return RecoveryCodes{Codes: codes}, err
			}),
	}
}
