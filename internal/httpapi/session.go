package httpapi

import (
	"net/http"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
)

// User is a user as the API shows it.
type User struct {
	ID                 string     `json:"id" doc:"Unique id of the user."`
	Username           string     `json:"username" doc:"Login name." example:"admin"`
	Name               string     `json:"name" doc:"Display name."`
	Email              string     `json:"email" doc:"E-mail address; empty when unknown."`
	Roles              []string   `json:"roles" doc:"Ids of the roles granted to the user."`
	UnitIDs            []string   `json:"unit_ids" doc:"Organisation units the user belongs to; their subtrees are the user's data scope."`
	Disabled           bool       `json:"disabled" doc:"A disabled user cannot sign in."`
	TOTPEnabled        bool       `json:"totp_enabled" doc:"Whether sign-in asks for a second factor (TOTP)."`
	MustChangePassword bool       `json:"must_change_password" doc:"The user must choose a new password (after creation or an administrator's reset)."`
	Locked             bool       `json:"locked" doc:"Temporarily locked after repeated failed sign-ins."`
	LastLoginAt        *time.Time `json:"last_login_at" doc:"Last successful sign-in, or null."`
	CreatedAt          time.Time  `json:"created_at" doc:"When the user was created (RFC 3339, UTC)."`
}

func userOut(u *auth.User) User {
	out := User{ID: u.ID, Username: u.Username, Name: u.Name, Email: u.Email, Roles: nonNil(u.Roles), UnitIDs: nonNil(u.UnitIDs),
		Disabled: u.Disabled, TOTPEnabled: u.TOTPEnabled, MustChangePassword: u.MustChangePassword,
		Locked: u.LockedUntil.After(time.Now()), CreatedAt: u.CreatedAt}
	if !u.LastLoginAt.IsZero() {
		t := u.LastLoginAt
		out.LastLoginAt = &t
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// LoginInput is the body of login.
type LoginInput struct {
	Username string `json:"username" doc:"Login name." example:"admin"`
	Password string `json:"password" doc:"Password." format:"password"`
}

// LoginOutput is the result of a sign-in step.
type LoginOutput struct {
	Status    string `json:"status" enum:"ok,mfa_required" doc:"ok: signed in, the session cookie is set; mfa_required: answer the challenge with a second factor at /auth/login/mfa."`
	User      *User  `json:"user" doc:"The signed-in user (status ok), else null."`
	CSRFToken string `json:"csrf_token,omitempty" doc:"With status ok: send this value in the X-CSRF-Token header of every write made with the session cookie."`
	Challenge string `json:"challenge,omitempty" doc:"With status mfa_required: pass it to /auth/login/mfa within 5 minutes."`
}

// MFALoginInput is the body of the second sign-in step.
type MFALoginInput struct {
	Challenge string `json:"challenge" doc:"The challenge returned by login."`
	Code      string `json:"code" doc:"The 6-digit code from the authenticator app, or an unused recovery code (xxxxx-xxxxx)."`
}

// Me is the signed-in principal with what it may do.
type Me struct {
	User
	Permissions       []string `json:"permissions" doc:"Permissions the user holds now."`
	DataScopeAll      bool     `json:"data_scope_all" doc:"True when the user sees data of every organisation unit."`
	MFASetupRequired  bool     `json:"mfa_setup_required" doc:"A role requires two-factor sign-in that is not set up yet: until it is, only the profile works."`
	RecoveryCodesLeft int      `json:"recovery_codes_left" doc:"Unused two-factor recovery codes."`
}

func (a *API) sessionOps() []Op {
	return []Op{
		Handle(Op{
			ID: "login", Method: http.MethodPost, Path: "/auth/login", Tag: "Sessions", Permission: auth.PermPublic,
			Summary: "Sign in with username and password",
			Description: "Opens a server-side session and sets the HttpOnly `opencem_session` cookie (Secure under TLS, SameSite=Lax) and the readable `opencem_csrf` cookie. " +
				"When the user has two-factor sign-in, answers status mfa_required with a challenge instead. Five wrong passwords in a row lock the account for 15 minutes.",
			Errors: []string{cem.CodeInvalidCredentials, auth.CodeAccountLocked, cem.CodeRateLimited},
		}, a.login),
		Handle(Op{
			ID: "loginMFA", Method: http.MethodPost, Path: "/auth/login/mfa", Tag: "Sessions", Permission: auth.PermPublic,
			Summary:     "Complete sign-in with a second factor",
			Description: "Answers the challenge from login with a TOTP code or a recovery code; on success behaves like a successful login.",
			Errors:      []string{auth.CodeMFAChallenge, auth.CodeMFAInvalid},
		}, a.loginMFA),
		Handle(Op{
			ID: "logout", Method: http.MethodPost, Path: "/auth/logout", Tag: "Sessions", Permission: auth.PermSignedIn,
			Summary: "Sign out", Description: "Ends the current session and clears its cookies.",
		}, a.logout),
		Handle(Op{
			ID: "getMe", Method: http.MethodGet, Path: "/me", Tag: "Profile", Permission: auth.PermSignedIn,
			Summary: "Get the signed-in user, permissions and scope",
		}, a.me),
	}
}

func (a *API) client(c *Call) auth.Client {
	return auth.Client{IP: clientIP(c.R), UserAgent: c.R.UserAgent(), RequestID: c.RequestID}
}

func (a *API) login(c *Call, in *LoginInput) (LoginOutput, error) {
	res, err := a.svc.Auth.Login(c.Ctx, in.Username, in.Password, a.client(c))
	if err != nil {
		return LoginOutput{}, err
	}
	return a.loginResult(c, res), nil
}

func (a *API) loginMFA(c *Call, in *MFALoginInput) (LoginOutput, error) {
	res, err := a.svc.Auth.LoginMFA(c.Ctx, in.Challenge, in.Code, a.client(c))
	if err != nil {
		return LoginOutput{}, err
	}
	return a.loginResult(c, res), nil
}

func (a *API) loginResult(c *Call, res *auth.LoginResult) LoginOutput {
	if res.Challenge != "" {
		return LoginOutput{Status: "mfa_required", Challenge: res.Challenge}
	}
	secure := a.SecureCookies || isTLS(c.R)
	http.SetCookie(c.W, &http.Cookie{Name: SessionCookie, Value: res.Token, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(auth.AbsoluteTimeout.Seconds())})
	http.SetCookie(c.W, &http.Cookie{Name: CSRFCookie, Value: res.Session.CSRFToken, Path: "/", Secure: secure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(auth.AbsoluteTimeout.Seconds())})
	u := userOut(res.User)
	return LoginOutput{Status: "ok", User: &u, CSRFToken: res.Session.CSRFToken}
}

func (a *API) logout(c *Call, _ *NoBody) (NoContent, error) {
	if err := a.svc.Auth.Logout(c.Ctx, c.sessionToken); err != nil {
		return NoContent{}, err
	}
	for _, name := range []string{SessionCookie, CSRFCookie} {
		http.SetCookie(c.W, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: name == SessionCookie})
	}
	return NoContent{}, nil
}

func (a *API) me(c *Call, _ *NoBody) (Me, error) {
	actor := c.Actor()
	u, err := a.svc.Auth.UserOf(c.Ctx, actor)
	if err != nil {
		return Me{}, err
	}
	left, err := a.svc.Auth.RecoveryCodesLeft(c.Ctx, u.ID)
	if err != nil {
		return Me{}, err
	}
	return Me{User: userOut(u), Permissions: nonNil(auth.SortedPermissions(actor.Permissions)), DataScopeAll: actor.Scope.All,
		MFASetupRequired: actor.MFASetupRequired, RecoveryCodesLeft: left}, nil
}
