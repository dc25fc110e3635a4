package cem

import (
	"encoding/base64"
	"encoding/json"
)

// DefaultPageSize and MaxPageSize bound every list operation.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// PageRequest asks for one page of a list: up to Limit items after Cursor.
type PageRequest struct {
	Cursor string
	Limit  int
}

// Normalize clamps Limit into [1, MaxPageSize], defaulting to DefaultPageSize.
func (p PageRequest) Normalize() PageRequest {
	if p.Limit <= 0 {
		p.Limit = DefaultPageSize
	}
	if p.Limit > MaxPageSize {
		p.Limit = MaxPageSize
	}
	return p
}

// Page is one page of a list; NextCursor is empty on the last page.
type Page[T any] struct {
	Items      []T
	NextCursor string
}

// EncodeCursor makes an opaque cursor from a key (usually the last id seen and
// any sort columns). Clients must treat it as opaque.
func EncodeCursor(key any) string {
	b, _ := json.Marshal(key)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor made by EncodeCursor into key.
// It returns an invalid_cursor error when the cursor was not made by us.
func DecodeCursor(cursor string, key any) error {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err == nil {
		err = json.Unmarshal(b, key)
	}
	if err != nil {
		return &Error{Kind: KindInvalid, Code: CodeInvalidCursor, Message: "The cursor is not valid; start again without a cursor.",
			Fields: []FieldError{{Name: "cursor", Reason: "not a cursor returned by this API"}}}
	}
	return nil
}
