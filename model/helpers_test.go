package model_test

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/racedesk/racedesk/model"
)

// today is the desk's date in every test: a Sunday two weeks before the
// example event (2026-12-06).
var today = time.Date(2026, time.November, 22, 10, 0, 0, 0, time.UTC)

// exampleEventPath is the package's own copy of docs/examples/event.toml
// (TestExampleEventCopyMatchesDocs keeps the two equal).
const exampleEventPath = "testdata/event.toml"

// exampleEvent parses the example event file; every call returns a fresh
// Event, so a test may change it.
func exampleEvent(t testing.TB) *model.Event {
	t.Helper()
	f, err := os.Open(exampleEventPath)
	if err != nil {
		t.Fatalf("open example event: %v", err)
	}
	defer f.Close()
	ev, err := model.ParseEvent(f)
	if err != nil {
		t.Fatalf("parse example event: %v", err)
	}
	return ev
}

// race returns a race of ev by ID or stops the test.
func race(t testing.TB, ev *model.Event, id string) *model.Race {
	t.Helper()
	r, ok := ev.Race(id)
	if !ok {
		t.Fatalf("example event has no race %q (has %v)", id, ev.RaceIDs())
	}
	return r
}

// fieldError asserts err is a *model.FieldError and returns it.
func fieldError(t testing.TB, err error) *model.FieldError {
	t.Helper()
	if err == nil {
		t.Fatal("got no error, want a *model.FieldError")
	}
	var fe *model.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("got %T (%v), want a *model.FieldError", err, err)
	}
	return fe
}

// validationError asserts err is a model.ValidationError and returns it.
func validationError(t testing.TB, err error) model.ValidationError {
	t.Helper()
	if err == nil {
		t.Fatal("got no error, want a model.ValidationError")
	}
	var ve model.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %T (%v), want a model.ValidationError", err, err)
	}
	return ve
}
