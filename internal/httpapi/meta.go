package httpapi

import (
	"net/http"

	"github.com/opencem/opencem/internal/auth"
	"github.com/opencem/opencem/internal/cem"
)

// VersionInfo describes the running server.
type VersionInfo struct {
	Version    string `json:"version" doc:"Version of the OpenCEM server."`
	APIVersion string `json:"api_version" doc:"Version of the API in the path." example:"v1"`
}

// ErrorCode documents one stable error code.
type ErrorCode struct {
	Code   string `json:"code" doc:"The stable code, as in error.code."`
	Status int    `json:"status" doc:"HTTP status the code is answered with."`
	Doc    string `json:"description" doc:"What the code means and what to do about it."`
}

func (a *API) metaOps() []Op {
	return []Op{
		Handle(Op{ID: "getVersion", Method: http.MethodGet, Path: "/version", Tag: "Meta", Permission: auth.PermPublic,
			Summary: "Get the server and API version"},
			func(c *Call, _ *NoBody) (VersionInfo, error) {
				return VersionInfo{Version: a.Version, APIVersion: "v1"}, nil
			}),
		Handle(Op{ID: "listErrorCodes", Method: http.MethodGet, Path: "/error-codes", Tag: "Meta", Permission: auth.PermPublic,
			Summary: "List every error code", Description: "The full catalogue of stable error codes with their HTTP status."},
			func(c *Call, _ *NoBody) (List[ErrorCode], error) {
				var out []ErrorCode
				for _, s := range cem.Codes() {
					out = append(out, ErrorCode{Code: s.Code, Status: statusOf(s.Kind), Doc: s.Doc})
				}
				return List[ErrorCode]{Items: out}, nil
			}),
	}
}
