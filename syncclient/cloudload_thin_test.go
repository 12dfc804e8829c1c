package syncclient

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/store"
	"github.com/racedesk/racedesk/syncclient/protocol"
)

// Thin desks: the cloud's share of the load, measured. A real desk's
// sync costs its laptop about as much CPU as the cloud's answer costs the
// cloud (it applies what it pulls and commits it), and on this machine
// 1,000 real desks take the cores the cloud would need. A thin desk is a
// real desk that joined as usual and then speaks the protocol itself:
// each tick it pushes one registration (its own device, gap-free
// sequence, growing stamps) and reads the whole answer — every change and
// the cursor — without applying it. The cloud's work is the same.

// thinDesk is a joined desk's identity and where it stands.
type thinDesk struct {
	url, event, device, desk, token string
	fields                          []model.FieldChange // a registration, without a bib
	seq, cursor                     uint64
	last                            model.HLC
	http                            *http.Client
}

// thin makes the desk thin after its join (the real client's).
func (d *loadDesk) thin() error {
	s := d.c.Store
	cred, err := loadCredential(s.Path())
	if err != nil || !cred.Joined {
		return fmt.Errorf("the desk's token: %v (joined %v)", err, cred.Joined)
	}
	st, err := s.SyncState()
	if err != nil {
		return err
	}
	// One registration made the real way gives the fields' form.
	if err := d.change(0); err != nil {
		return err
	}
	out, err := s.Outbox(1)
	if err != nil || len(out) == 0 {
		return fmt.Errorf("the template registration: %v", err)
	}
	var fields []model.FieldChange
	for _, f := range out[0].Fields {
		if f.Field != model.FBib {
			fields = append(fields, f)
		}
	}
	d.made = 0
	d.t = &thinDesk{url: d.c.BaseURL, event: s.Event().Identity(), device: s.Device().ID, desk: s.Device().Desk,
		token: cred.Token, fields: fields, cursor: st.Cursor, http: d.c.HTTP}
	return nil
}

// change is the next registration: another first name and birthday.
func (t *thinDesk) change(n int) store.Change {
	t.seq++
	h := model.MakeHLC(time.Now().UnixMilli(), 0)
	if h <= t.last {
		h = t.last.Next()
	}
	t.last = h
	fields := append([]model.FieldChange(nil), t.fields...)
	for i := range fields {
		switch fields[i].Field {
		case model.FFirst:
			fields[i].Value = loadFirsts[n%len(loadFirsts)]
		case model.FBorn:
			fields[i].Value = fmt.Sprintf("19%02d-%02d-%02d", 40+n%60, 1+n%12, 1+n%28)
		}
	}
	return store.Change{Device: t.device, DevSeq: t.seq, HLC: h, Desk: t.desk, Entity: store.EntityParticipant,
		ID: model.NewID(), Op: store.OpCreate, Origin: store.OriginDesk, Fields: fields}
}

// sync pushes ch and reads every answer until no more wait.
func (t *thinDesk) sync(ctx context.Context, ch store.Change) (pulled int, err error) {
	push := []store.Change{ch}
	for {
		var body bytes.Buffer
		zw := gzip.NewWriter(&body)
		if err := protocol.EncodeRequest(zw, &protocol.SyncRequest{Event: t.event, Device: t.device, Desk: t.desk, Cursor: t.cursor, Push: push}); err != nil {
			return pulled, err
		}
		zw.Close()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url+protocol.PathSync, &body)
		if err != nil {
			return pulled, err
		}
		syncHeaders(req.Header, t.token, t.event, time.Now())
		n, more, err := t.read(req, len(push) > 0)
		pulled += n
		if err != nil || !more {
			return pulled, err
		}
		push = nil
	}
}

func (t *thinDesk) read(req *http.Request, pushed bool) (pulled int, more bool, err error) {
	resp, err := t.http.Do(req)
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
		return 0, false, fmt.Errorf("%s: %s", resp.Status, b)
	}
	var in io.Reader = resp.Body
	if strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(in)
		if err != nil {
			return 0, false, err
		}
		in = zr
	}
	dec := protocol.NewDecoder(in)
	head, err := dec.ResponseHead()
	if err != nil {
		return 0, false, err
	}
	if pushed && (head.Ack.Upto != t.seq || len(head.Ack.Refused) > 0) {
		return 0, false, fmt.Errorf("push %d acknowledged up to %d (refused %v)", t.seq, head.Ack.Upto, head.Ack.Refused)
	}
	for {
		rec, err := dec.Next()
		if err != nil {
			return pulled, false, err
		}
		if rec.Cursor > 0 {
			t.cursor = rec.Cursor
		}
		if rec.Change != nil {
			pulled++
		}
		if rec.End {
			return pulled, rec.More, nil
		}
	}
}
