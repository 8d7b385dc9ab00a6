package questionnaires

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"sync"

	"siap/questionnaires/expr"
)

// Secondary instances are what instance('id') reads, as ODK builds
// them: every choice list (instance('villages')/root/item, with name,
// label and the list's other columns), and the CSV and XML files beside
// the form that csv-external and xml-external rows, pulldata() or
// instance('id') itself name (id.csv: an item per row, a child per
// column; id.xml: the document as it is).

// instances holds the documents read from files, by id, and the
// documents made from choice lists, by id and language.
type instances struct {
	files map[string]*expr.Element
	lists sync.Map // listKey -> *expr.Element
}

type listKey struct{ id, lang string }

// Instance is the document node of the secondary instance id, with
// choice labels in lang; nil when the form has none by that name.
func (f *Form) Instance(id, lang string) expr.Node {
	if doc := f.inst.files[id]; doc != nil {
		return doc
	}
	l := f.Lists[id]
	if l == nil {
		return nil
	}
	k := listKey{id, lang}
	if doc, ok := f.inst.lists.Load(k); ok {
		return doc.(*expr.Element)
	}
	doc := &expr.Element{}
	root := doc.Add("root", "")
	for _, c := range l.Choices {
		item := root.Add("item", "")
		item.Add("name", c.Name)
		item.Add("label", c.Label.In(lang, f.DefaultLanguage))
		for col, v := range c.Extra {
			if !strings.Contains(col, "::") {
				item.Add(col, v)
			}
		}
	}
	doc.Seal()
	f.inst.lists.Store(k, doc)
	return doc
}

// readInstances makes sure every instance an expression names exists:
// a choice list, or a file beside the form, read once.
func (b *builder) readInstances(ids []string, sheet string, row int, col string) {
	for _, id := range ids {
		if b.f.Lists[id] != nil || b.f.inst.files[id] != nil {
			continue
		}
		if b.missingInstances[id] {
			continue
		}
		if b.dir == nil {
			b.ps.errorf(sheet, row, col, "instance('%s') names no choice list, and no file %s.csv or %s.xml can be found: the form was not read from a folder", id, id, id)
			continue
		}
		if err := b.readInstanceFile(id, id+".csv"); err == nil {
			continue
		}
		if err := b.readInstanceFile(id, id+".xml"); err != nil {
			b.ps.errorf(sheet, row, col, "instance('%s') names no choice list of the form, and neither %s.csv nor %s.xml is beside it", id, id, id)
		}
	}
}

// declareInstance reads the file a csv-external or xml-external row
// names, reporting a missing one at its row.
func (b *builder) declareInstance(n *Node, ext string, col string) {
	file := n.Name + "." + ext
	if b.dir == nil {
		b.ps.errorf("survey", n.Row, col, "%s reads %s, which cannot be found: the form was not read from a folder", n.RawType, file)
		return
	}
	if err := b.readInstanceFile(n.Name, file); err != nil {
		b.ps.errorf("survey", n.Row, col, "%s %s reads %s (data ODK attaches to the form, such as another form's submissions), which is missing: put it in the same folder as the form (or in its -media folder)", n.RawType, n.Name, file)
		// Expressions that read it are not reported again.
		b.missingInstances[n.Name] = true
	}
}

func (b *builder) readInstanceFile(id, file string) error {
	data, err := b.readFile(file)
	if err != nil {
		return err
	}
	var doc *expr.Element
	if strings.HasSuffix(file, ".xml") {
		doc, err = xmlInstance(data)
		if err != nil {
			b.ps.errorf(file, 0, "", "%s is not an XML document siap can read: %v", file, err)
			return nil
		}
	} else {
		s, err := readPlainCSV(file, data)
		if err != nil {
			b.ps.errorf(file, 0, "", "%v", err)
			return nil
		}
		doc = &expr.Element{}
		root := doc.Add("root", "")
		for _, r := range s.rows {
			item := root.Add("item", "")
			for i, h := range s.header {
				if h = strings.TrimSpace(h); h != "" && i < len(r.cells) {
					item.Add(h, r.cells[i])
				}
			}
		}
	}
	doc.Seal()
	if b.f.inst.files == nil {
		b.f.inst.files = map[string]*expr.Element{}
	}
	b.f.inst.files[id] = doc
	return nil
}

// maxXMLDepth bounds the nesting of an XML instance.
const maxXMLDepth = 200

// xmlInstance reads an XML file into a document: elements and their
// text; attributes and namespaces are not kept.
func xmlInstance(data []byte) (*expr.Element, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	doc := &expr.Element{}
	at := doc
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return nil, fmt.Errorf("elements nest more than %d deep", maxXMLDepth)
			}
			at = at.Add(t.Name.Local, "")
		case xml.EndElement:
			depth--
			if at.Up != nil {
				at = at.Up
			}
		case xml.CharData:
			at.Text += string(t)
		}
	}
	if len(doc.Kids) == 0 {
		return nil, fmt.Errorf("it has no element")
	}
	trim(doc)
	return doc, nil
}

// trim takes the layout white space out of the text of elements that
// hold other elements.
func trim(e *expr.Element) {
	if len(e.Kids) > 0 {
		e.Text = ""
	}
	for _, k := range e.Kids {
		trim(k)
	}
}
