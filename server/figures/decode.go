package figures

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"clb/server/indicators"
	"clb/server/store"
	changes "clb/sync"
)

// decodeRaw turns a row read by store.PeriodRows into the indicators
// package's row, as Convert does with a stored row: numbers become float64,
// stamps their HLCs (none when the store sent none).
func decodeRaw(r *store.RawRow) (indicators.Row, error) {
	out := indicators.Row{Entity: r.Entity, ID: r.ID, Deleted: r.Deleted, Stamps: map[string]string{}}
	var err error
	if out.Fields, err = decodeFields(r.Fields); err != nil {
		return out, fmt.Errorf("decode fields of %s: %w", r.ID, err)
	}
	if r.Stamps != "" {
		st, err := changes.ParseStamps(r.Stamps)
		if err != nil {
			return out, fmt.Errorf("decode stamps of %s: %w", r.ID, err)
		}
		for k, v := range st {
			out.Stamps[k] = v.HLC
		}
	}
	return out, nil
}

// decodeFields decodes a stored fields object as encoding/json would into
// map[string]any with numbers as float64 — strings, numbers, booleans, null
// and lists of strings, the values the engine stores — without reflection;
// anything else (an escaped string, a nested value) is left to
// encoding/json.
func decodeFields(s string) (map[string]any, error) {
	if m, ok := fastFields(s); ok {
		return m, nil
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("not an object")
	}
	return m, nil
}

// fastFields is decodeFields' quick path; ok is false when s holds anything
// it does not read.
func fastFields(s string) (map[string]any, bool) {
	p := &flat{s: s}
	p.space()
	if !p.eat('{') {
		return nil, false
	}
	m := make(map[string]any, 12)
	p.space()
	if p.eat('}') {
		return m, p.end()
	}
	for {
		p.space()
		k, ok := p.str()
		if !ok {
			return nil, false
		}
		p.space()
		if !p.eat(':') {
			return nil, false
		}
		p.space()
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		m[k] = v
		p.space()
		if p.eat(',') {
			continue
		}
		if p.eat('}') {
			return m, p.end()
		}
		return nil, false
	}
}

type flat struct {
	s string
	i int
}

func (p *flat) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *flat) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *flat) end() bool {
	p.space()
	return p.i == len(p.s)
}

// str reads a string without escapes (valid UTF-8 and no control characters
// are the store's; escapes go the slow way).
func (p *flat) str() (string, bool) {
	if !p.eat('"') {
		return "", false
	}
	j := strings.IndexByte(p.s[p.i:], '"')
	if j < 0 {
		return "", false
	}
	v := p.s[p.i : p.i+j]
	for k := 0; k < len(v); k++ {
		if v[k] == '\\' || v[k] < 0x20 {
			return "", false
		}
	}
	p.i += j + 1
	return v, true
}

func (p *flat) value() (any, bool) {
	if p.i >= len(p.s) {
		return nil, false
	}
	switch c := p.s[p.i]; {
	case c == '"':
		return p.str()
	case c == 't' && strings.HasPrefix(p.s[p.i:], "true"):
		p.i += 4
		return true, true
	case c == 'f' && strings.HasPrefix(p.s[p.i:], "false"):
		p.i += 5
		return false, true
	case c == 'n' && strings.HasPrefix(p.s[p.i:], "null"):
		p.i += 4
		return nil, true
	case c == '-' || (c >= '0' && c <= '9'):
		j := p.i
		for j < len(p.s) && strings.IndexByte("+-.eE0123456789", p.s[j]) >= 0 {
			j++
		}
		if !changes.IsJSONNumber(p.s[p.i:j]) {
			return nil, false
		}
		f, err := strconv.ParseFloat(p.s[p.i:j], 64)
		if err != nil {
			return nil, false
		}
		p.i = j
		return f, true
	case c == '[':
		p.i++
		out := []any{}
		p.space()
		if p.eat(']') {
			return out, true
		}
		for {
			p.space()
			v, ok := p.str()
			if !ok {
				return nil, false
			}
			out = append(out, v)
			p.space()
			if p.eat(',') {
				continue
			}
			if p.eat(']') {
				return out, true
			}
			return nil, false
		}
	}
	return nil, false
}
