package httpapi

import (
	"net/http"
	"time"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
)

// User is a user as the API shows it.
type User struct {
	ID        string    `json:"id" doc:"Unique id of the user."`
	Username  string    `json:"username" doc:"Login name." example:"admin"`
	Name      string    `json:"name" doc:"Display name."`
	Roles     []string  `json:"roles" doc:"Ids of the roles granted to the user."`
	CreatedAt time.Time `json:"created_at" doc:"When the user was created (RFC 3339, UTC)."`
}

func userOut(u *auth.User) User {
	roles := u.Roles
	if roles == nil {
		roles = []string{}
	}
	return User{ID: u.ID, Username: u.Username, Name: u.Name, Roles: roles, CreatedAt: u.CreatedAt}
}

// LoginInput is the body of login.
type LoginInput struct {
	Username string `json:"username" doc:"Login name." example:"admin"`
	Password string `json:"password" doc:"Password." format:"password"`
}

// LoginOutput is the result of login.
type LoginOutput struct {
	User      User   `json:"user" doc:"The signed-in user."`
	CSRFToken string `json:"csrf_token" doc:"Send this value in the X-CSRF-Token header of every write made with the session cookie."`
}

func (a *API) sessionOps() []Op {
	return []Op{
		Handle(Op{
			ID: "login", Method: http.MethodPost, Path: "/auth/login", Tag: "Sessions", Permission: auth.PermPublic,
			Summary:     "Sign in with username and password",
			Description: "Opens a server-side session and sets the HttpOnly `opencem_session` cookie (Secure under TLS, SameSite=Lax) and the readable `opencem_csrf` cookie.",
			Errors:      []string{cem.CodeInvalidCredentials},
		}, a.login),
		Handle(Op{
			ID: "logout", Method: http.MethodPost, Path: "/auth/logout", Tag: "Sessions", Permission: auth.PermSignedIn,
			Summary: "Sign out", Description: "Ends the current session and clears its cookies.",
		}, a.logout),
		Handle(Op{
			ID: "getMe", Method: http.MethodGet, Path: "/me", Tag: "Sessions", Permission: auth.PermSignedIn,
			Summary: "Get the signed-in user",
		}, a.me),
	}
}

func (a *API) login(c *Call, in *LoginInput) (LoginOutput, error) {
	u, token, sess, err := a.svc.Auth.Login(c.Ctx, in.Username, in.Password, clientIP(c.R), c.R.UserAgent())
	if err != nil {
		return LoginOutput{}, err
	}
	secure := a.SecureCookies || isTLS(c.R)
	http.SetCookie(c.W, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(auth.AbsoluteTimeout.Seconds())})
	http.SetCookie(c.W, &http.Cookie{Name: CSRFCookie, Value: sess.CSRFToken, Path: "/", Secure: secure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(auth.AbsoluteTimeout.Seconds())})
	return LoginOutput{User: userOut(u), CSRFToken: sess.CSRFToken}, nil
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

func (a *API) me(c *Call, _ *NoBody) (User, error) {
	u, err := a.svc.Auth.UserOf(c.Ctx, c.Actor())
	if err != nil {
		return User{}, err
	}
	return userOut(u), nil
}
