package model_test

import (
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
)

const hotspotEvent = `name = "Waldlauf"
date = "2026-12-06"
[[races]]
id = "10k"
bibs = [{from = 1, to = 500}]
`

func TestTheEventFileTunesThePhoneFormsLimits(t *testing.T) {
	ev, err := model.ParseEvent(strings.NewReader(hotspotEvent + "[hotspot]\nper_minute = 12\nmax_pending = 500\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Hotspot == nil || ev.Hotspot.PerMinute != 12 || ev.Hotspot.MaxPending != 500 {
		t.Errorf("hotspot %+v", ev.Hotspot)
	}
	if ev, err := model.ParseEvent(strings.NewReader(hotspotEvent)); err != nil || ev.Hotspot != nil {
		t.Errorf("without [hotspot]: %+v %v", ev, err)
	}
	if _, err := model.ParseEvent(strings.NewReader(hotspotEvent + "[hotspot]\nper_minute = -5\n")); err == nil {
		t.Error("a negative limit was accepted")
	}
}
