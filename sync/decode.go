package changes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting a request body may have.
const MaxDepth = 16

// Reasons a body is not strict JSON (answered 400 invalid_json).
var (
	ErrUTF8      = errors.New("không phải UTF-8 (invalid UTF-8)")
	ErrDuplicate = errors.New("khóa bị lặp (duplicate key)")
	ErrDeep      = errors.New("lồng quá sâu (nested deeper than 16)")
	ErrTrailing  = errors.New("dữ liệu thừa sau JSON (trailing data)")
	ErrSyntax    = errors.New("cú pháp JSON sai (syntax error)")
	ErrShape     = errors.New("sai cấu trúc (wrong shape)")
)

// CheckJSON walks the tokens of b once: valid UTF-8, no duplicate keys, no
// deeper than MaxDepth, nothing after the value.
func CheckJSON(b []byte) error {
	if !utf8.Valid(b) {
		return ErrUTF8
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := walk(d, 0); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		return ErrTrailing
	}
	return nil
}

func walk(d *json.Decoder, depth int) error {
	t, err := d.Token()
	if err != nil {
		return ErrSyntax
	}
	delim, ok := t.(json.Delim)
	if !ok {
		return nil
	}
	if depth+1 > MaxDepth {
		return ErrDeep
	}
	switch delim {
	case '{':
		seen := map[string]bool{}
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return ErrSyntax
			}
			key, _ := k.(string)
			if seen[key] {
				return ErrDuplicate
			}
			seen[key] = true
			if err := walk(d, depth+1); err != nil {
				return err
			}
		}
	case '[':
		for d.More() {
			if err := walk(d, depth+1); err != nil {
				return err
			}
		}
	default:
		return ErrSyntax
	}
	if _, err := d.Token(); err != nil {
		return ErrSyntax
	}
	return nil
}

// Push is a decoded push body. DeviceID and SchemaVersion stay raw: the
// handler checks them in CONTRACT.md's order, after the shape.
type Push struct {
	DeviceID      json.RawMessage
	SchemaVersion json.RawMessage
	Changes       []Change
}

// DecodePush checks a push body's JSON and shape. Each change must be an
// object; a wrongly typed member of a change becomes "" so that the engine
// rejects that change alone with the contract's code.
func DecodePush(b []byte) (*Push, error) {
	if err := CheckJSON(b); err != nil {
		return nil, err
	}
	var in struct {
		DeviceID      json.RawMessage   `json:"device_id"`
		SchemaVersion json.RawMessage   `json:"schema_version"`
		Changes       []json.RawMessage `json:"changes"`
	}
	if len(b) == 0 || bytes.TrimSpace(b)[0] != '{' || json.Unmarshal(b, &in) != nil {
		return nil, ErrShape
	}
	if in.Changes == nil {
		return nil, fmt.Errorf("%w: thiếu danh sách changes (changes missing or not a list)", ErrShape)
	}
	p := &Push{DeviceID: in.DeviceID, SchemaVersion: in.SchemaVersion, Changes: make([]Change, len(in.Changes))}
	for i, raw := range in.Changes {
		var m map[string]json.RawMessage
		if raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
			return nil, fmt.Errorf("%w: changes[%d] không phải đối tượng (not an object)", ErrShape, i)
		}
		str := func(k string) string {
			var s string
			_ = json.Unmarshal(m[k], &s)
			return s
		}
		p.Changes[i] = Change{ID: str("id"), Entity: str("entity"), RowID: str("row_id"), Op: str("op"), HLC: str("hlc"), Fields: m["fields"]}
	}
	return p, nil
}
