package hotspot_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/tui/hotspot"
)

// A runner who registered (and paid) online registers again on the phone:
// the phone is told to go straight to the desk and not to pay twice — and
// learns nothing about the registration it matched.
func TestARunnerRegisteredOnlineIsSentToTheDesk(t *testing.T) {
	f := newFixture(t, hotspot.Options{})
	online, err := f.store.Register(model.ParticipantInput{First: "Jörg", Last: "Müller-Lüdenscheidt", Born: "12.03.1985", Gender: "M",
		Race: "10k", Source: model.SourceOnline, Paid: "online", ExternalID: "WR26-1029", Email: "secret@example.org"}, store.RegisterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := f.post(f.valid())
	if r.code != http.StatusSeeOther {
		t.Fatalf("POST: %d\n%s", r.code, r.body)
	}
	done := f.get(r.hdr.Get("Location"))
	if !strings.Contains(done.body, "wahrscheinlich schon angemeldet") || strings.Contains(done.body, "zahlst du") {
		t.Errorf("the page does not send the runner to the desk:\n%s", done.body)
	}
	for _, secret := range []string{online.ID, "WR26-1029", "secret@example.org"} {
		if strings.Contains(done.body, secret) {
			t.Errorf("the page tells %q of the matched registration", secret)
		}
	}
	// Someone else entirely is told to pay as usual.
	other := f.valid()
	other.Set("first", "Anna")
	other.Set("last", "Neu")
	other.Set("born", "1990")
	other.Set("gender", "W")
	if page := f.get(f.post(other).hdr.Get("Location")); strings.Contains(page.body, "wahrscheinlich schon angemeldet") {
		t.Errorf("a new runner was sent to the desk as a duplicate")
	}
}
