package app

import (
	"log/slog"

	"github.com/opencem/opencem/internal/config"
	"github.com/opencem/opencem/internal/httpapi"
	"github.com/opencem/opencem/internal/response"
	"github.com/opencem/opencem/internal/secret"
	"github.com/opencem/opencem/internal/web"
	"github.com/opencem/opencem/internal/wechat"
)

// newWeChatGate builds WeChat web authorisation for the respondent page,
// or nil when wechat.appid and OPENCEM_WECHAT_SECRET are not both set. The
// openid cookie is sealed with the server's secret key, so every process
// sharing that key accepts it.
func newWeChatGate(cfg config.Config, box *secret.Box, responses *response.Service, log *slog.Logger) *wechat.Gate {
	if !cfg.WeChat.Enabled() {
		return nil
	}
	client := wechat.NewClient(wechat.Config{AppID: cfg.WeChat.AppID, Secret: cfg.WeChat.Secret,
		APIBase: cfg.WeChat.APIBase, OpenBase: cfg.WeChat.OpenBase})
	log.Info("WeChat web authorisation on", "appid", cfg.WeChat.AppID)
	return &wechat.Gate{Client: client, Box: box, PublicURL: cfg.PublicURL, SecureCookies: cfg.TLSCert != "", Log: log,
		NeedsOpenID: responses.NeedsOpenID}
}

// openIDSource is the submit API's source of verified openids: nil (the
// page's openid is kept) without WeChat.
func (s *Server) openIDSource() httpapi.OpenIDSource {
	if s.wechat == nil {
		return nil
	}
	return s.wechat
}

// pageGates run before the respondent page is served.
func (s *Server) pageGates() []web.PageGate {
	if s.wechat == nil {
		return nil
	}
	return []web.PageGate{s.wechat}
}
