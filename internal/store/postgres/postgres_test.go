package postgres_test

import (
	"context"
	"testing"

	"github.com/opencem/opencem/internal/store/postgres"
	"github.com/opencem/opencem/internal/store/sqldb"
	"github.com/opencem/opencem/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) *sqldb.DB { return postgres.OpenTest(t) })
}

func TestConcurrentMigrate(t *testing.T) {
	dsn := postgres.TestSchemaDSN(t)
	errs := make(chan error, 3)
	for i := 0; i < 3; i++ {
		go func() {
			db, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				_, err = db.Migrate(context.Background(), postgres.Migrations())
				db.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < 3; i++ {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent migrate: %v", err)
		}
	}
}

func TestMigrateFactsByResponse(t *testing.T) {
	db, err := postgres.Open(context.Background(), postgres.TestSchemaDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	storetest.MigrateFactsByResponse(t, db, postgres.Migrations())
}
