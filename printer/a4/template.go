package a4

import (
	"bytes"
	"embed"
	"html/template"
	"io"

	"github.com/racedesk/racedesk/model"
	"github.com/racedesk/racedesk/model/msg"
)

// The default templates, one self-contained HTML file per kind: what
// `racedesk a4 template KIND` hands out to be edited.
//
//go:embed templates/*.html
var defaults embed.FS

// Template is a parsed page template.
type Template struct {
	t *template.Template
}

// fileName is the default template's file for kind.
func fileName(k Kind) string {
	if k == KindCertificates {
		return "certificate.html"
	}
	return string(k) + ".html"
}

// DefaultSource is the text of the default template for kind.
func DefaultSource(k Kind) []byte {
	b, err := defaults.ReadFile("templates/" + fileName(k))
	if err != nil {
		panic("a4: no default template for " + string(k))
	}
	return b
}

// Default is the default template for kind.
func Default(k Kind) *Template {
	t, err := Parse(fileName(k), DefaultSource(k))
	if err != nil {
		panic(err)
	}
	return t
}

// Parse reads a template. name is the file as the organizer named it:
// an error says "template: urkunde.html:12: …", the file and the line.
func Parse(name string, text []byte) (*Template, error) {
	t, err := template.New(name).Parse(string(text))
	if err != nil {
		return nil, badTemplate(err)
	}
	return &Template{t: t}, nil
}

// Render executes the template with d and writes the page to w; a
// template that fails (a field that does not exist, …) writes nothing.
func (t *Template) Render(w io.Writer, d *Document) error {
	var b bytes.Buffer
	if err := t.t.Execute(&b, d); err != nil {
		return badTemplate(err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// badTemplate says what is wrong with a template, with html/template's
// own words: they name the file and the line (and the column).
func badTemplate(err error) error { return model.NewProblem(msg.A4BadTemplate, err) }
