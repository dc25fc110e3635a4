package cem

import "context"

// Transactor runs fn in one database transaction. The transaction travels in
// the context passed to fn, so store calls made with that context join it;
// nested calls join the outer transaction. Services own transactions: they
// call InTx, stores never do. fn's error rolls back and is returned as is.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}
