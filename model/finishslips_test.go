package model_test

import (
	"strings"
	"testing"

	"github.com/racedesk/racedesk/model"
)

func TestAPrinterPrintsFinishSlipsAutomaticallyOnlyWhenTheEventFileSaysAuto(t *testing.T) {
	printer := func(extra string) string {
		return hotspotEvent + "[[printers]]\nname = \"ziel\"\ntarget = \"slips.bin\"\n" + extra
	}
	for _, c := range []struct{ name, file, want string }{
		{"missing: off", printer(""), model.FinishSlipsOff},
		{"off", printer("finish_slips = \"off\"\n"), model.FinishSlipsOff},
		{"auto", printer("finish_slips = \"auto\"\n"), model.FinishSlipsAuto},
		{"Auto in capitals", printer("finish_slips = \"Auto\"\n"), model.FinishSlipsAuto},
	} {
		ev, err := model.ParseEvent(strings.NewReader(c.file))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got, _ := model.ParseFinishSlips(ev.Printers[0].FinishSlips); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAWrongFinishSlipsValueNamesTheFieldAndThePrinter(t *testing.T) {
	file := hotspotEvent + "[[printers]]\nname = \"ziel\"\ntarget = \"slips.bin\"\nfinish_slips = \"always\"\n"
	_, err := model.ParseEvent(strings.NewReader(file))
	if err == nil {
		t.Fatal("finish_slips = \"always\" was accepted")
	}
	for _, want := range []string{"printer ziel", "finish_slips \"always\"", `"auto"`, `"off"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %s", err, want)
		}
	}
	two := hotspotEvent + "[[printers]]\nname = \"a\"\ntarget = \"a.bin\"\nfinish_slips = \"auto\"\n" +
		"[[printers]]\nname = \"b\"\ntarget = \"b.bin\"\nfinish_slips = \"auto\"\n"
	if _, err := model.ParseEvent(strings.NewReader(two)); err == nil || !strings.Contains(err.Error(), "finish_slips") {
		t.Errorf("two automatic slip printers: %v", err)
	}
}
