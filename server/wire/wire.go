// Package wire is the strict reading of request bodies: JSON that is valid
// UTF-8, without duplicate keys, not deeper than MaxDepth, with exactly the
// keys a body defines. It belongs to the HTTP side, not the sync engine:
// the engine receives changes already decoded.
package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"

	changes "clb/sync"
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

// UnknownKeyError names a key that the body's shape does not define. Keys
// are matched exactly: Go's encoding/json would match them without case, so
// "Changes" could shadow "changes".
type UnknownKeyError struct{ Key string }

func (e *UnknownKeyError) Error() string {
	return fmt.Sprintf("khóa không được định nghĩa (unknown key) %q", e.Key)
}

// objectKeys reads the members of a JSON object in document order.
func objectKeys(b []byte) ([]string, map[string]json.RawMessage, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, ErrShape
	}
	var keys []string
	m := map[string]json.RawMessage{}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil, nil, ErrShape
		}
		k, _ := t.(string)
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return nil, nil, ErrShape
		}
		keys = append(keys, k)
		m[k] = raw
	}
	return keys, m, nil
}

// jsonNames are the exact JSON names of a struct type's fields.
func jsonNames(t reflect.Type) map[string]bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	names := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names[name] = true
	}
	return names
}

// DecodeObject is the one strict decoding of a request body: strict JSON
// (CheckJSON), an object, every key exactly one of v's JSON names. v must
// point to a struct. A key that v does not define is left out of the
// decoding and answered as *UnknownKeyError (the first one in the body)
// after the known keys were decoded, so that a handler may run checks that
// come first (the role check of a user body) before answering it.
func DecodeObject(b []byte, v any) error {
	if err := CheckJSON(b); err != nil {
		return err
	}
	keys, m, err := objectKeys(b)
	if err != nil {
		return err
	}
	known := jsonNames(reflect.TypeOf(v))
	var unknown *UnknownKeyError
	for _, k := range keys {
		if !known[k] {
			if unknown == nil {
				unknown = &UnknownKeyError{Key: k}
			}
			delete(m, k)
		}
	}
	if unknown != nil {
		if b, err = json.Marshal(m); err != nil {
			return ErrShape
		}
	}
	if err := json.Unmarshal(b, v); err != nil {
		return ErrShape
	}
	if unknown != nil {
		return unknown
	}
	return nil
}

// pushKeys and changeKeys are the keys a push body and its changes may have.
var (
	pushKeys   = map[string]bool{"device_id": true, "schema_version": true, "changes": true}
	changeKeys = map[string]bool{"id": true, "entity": true, "row_id": true, "op": true, "fields": true, "hlc": true}
)

// Push is a decoded push body. DeviceID and SchemaVersion stay raw: the
// handler checks them in CONTRACT.md's order, after the shape. HasDevice
// tells a missing device_id (not the session's: 403) from one present.
type Push struct {
	DeviceID      string
	HasDevice     bool
	SchemaVersion json.RawMessage
	Changes       []changes.Change
}

// DecodePush checks a push body's JSON and shape: keys exactly those of
// CONTRACT.md (in the body and in each change), device_id a string when
// present, changes a list of objects. A wrongly typed member of a change
// becomes "" so that the engine rejects that change alone with the
// contract's code.
func DecodePush(b []byte) (*Push, error) {
	if err := CheckJSON(b); err != nil {
		return nil, err
	}
	keys, top, err := objectKeys(b)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if !pushKeys[k] {
			return nil, &UnknownKeyError{Key: k}
		}
	}
	p := &Push{SchemaVersion: top["schema_version"]}
	if raw, ok := top["device_id"]; ok {
		if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &p.DeviceID) != nil {
			return nil, fmt.Errorf("%w: device_id phải là chuỗi (device_id must be a string)", ErrShape)
		}
		p.HasDevice = true
	}
	var list []json.RawMessage
	if raw := top["changes"]; len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &list) != nil {
		return nil, fmt.Errorf("%w: thiếu danh sách changes (changes missing or not a list)", ErrShape)
	}
	p.Changes = make([]changes.Change, len(list))
	for i, raw := range list {
		if len(raw) == 0 || raw[0] != '{' {
			return nil, fmt.Errorf("%w: changes[%d] không phải đối tượng (not an object)", ErrShape, i)
		}
		ckeys, m, err := objectKeys(raw)
		if err != nil {
			return nil, fmt.Errorf("%w: changes[%d] không phải đối tượng (not an object)", ErrShape, i)
		}
		for _, k := range ckeys {
			if !changeKeys[k] {
				return nil, fmt.Errorf("changes[%d]: %w", i, &UnknownKeyError{Key: k})
			}
		}
		str := func(k string) string {
			var s string
			_ = json.Unmarshal(m[k], &s)
			return s
		}
		p.Changes[i] = changes.Change{ID: str("id"), Entity: str("entity"), RowID: str("row_id"), Op: str("op"), HLC: str("hlc"), Fields: m["fields"]}
	}
	return p, nil
}
