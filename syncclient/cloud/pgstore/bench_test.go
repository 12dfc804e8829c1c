package pgstore

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model/demo"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/cloud/pgtest"
)

// BenchmarkWorkingCopyBuild50k: what a server process pays the first
// time it serves an event of 50,000 online registrations (a new process
// behind the load balancer, or one restarted): the working copy is built
// from the log in PostgreSQL. The event is moved in from a bbolt cloud
// once, untimed.
func BenchmarkWorkingCopyBuild50k(b *testing.B) {
	ev := testEvent()
	ev.Races[0].Bibs[0].To = 60000
	file, err := store.Create(filepath.Join(b.TempDir(), "cloud.db"), ev, "cloud", store.Options{Cloud: true})
	if err != nil {
		b.Fatal(err)
	}
	defer file.Close()
	runners := demo.Runners(ev, benchRunners, 1)
	for i := 0; i < len(runners); i += 5000 {
		if _, rej, err := file.RegisterMany(runners[i:min(i+5000, len(runners))], store.RegisterOptions{Origin: store.OriginImport}); err != nil || len(rej) > 0 {
			b.Fatalf("register: %v %v", err, rej)
		}
	}
	dsn := pgtest.Database(b)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	db, err := Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.MoveIn(ctx, file, ""); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		fresh := &DB{pool: db.pool}
		e, err := fresh.Event(ctx, ev.Identity())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.Store(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		fresh.closeCopies()
		b.StartTimer()
	}
}

var benchRunners = 50000
