package app

import "github.com/opencem/opencem/internal/httpapi"

type httpapiOp = httpapi.Op
