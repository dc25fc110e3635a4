// Package docs embeds the documents the server shows in its API reference,
// so /docs and the repository never disagree.
package docs

import _ "embed"

// Signing is docs/signing.md: the request-signature scheme with worked
// test vectors (clause 8.2c).
//
//go:embed signing.md
var Signing string
