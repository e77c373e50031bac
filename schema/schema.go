// Package schema embeds entities.json, the one source of truth for synced
// entities, and the SQL migrations of the server's database.
package schema

import (
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed entities.json
var entitiesJSON []byte

// Migrations holds the numbered, forward-only SQL migrations.
//
//go:embed migrations/*.sql migrations/postgres/*.sql
var Migrations embed.FS

// Field is one field of an entity, as entities.json describes it.
type Field struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"` // text, integer, decimal, bool, date, code, list, ref, phone
	Required bool     `json:"required"`
	Fixed    bool     `json:"fixed,omitempty"` // fixed at creation
	Ref      string   `json:"ref,omitempty"`
	MaxLen   int      `json:"max_len,omitempty"`
	Min      *float64 `json:"-"`
	Max      *float64 `json:"-"`
	// MaxCurrentYear is set when the upper bound is "this year" (birth_year).
	MaxCurrentYear bool     `json:"-"`
	Values         []string `json:"values,omitempty"`
	MinItems       int      `json:"min_items,omitempty"`
}

// UnmarshalJSON reads min/max, where max may be the word "current_year".
func (f *Field) UnmarshalJSON(b []byte) error {
	type plain Field
	var aux struct {
		plain
		Min json.RawMessage `json:"min"`
		Max json.RawMessage `json:"max"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*f = Field(aux.plain)
	num := func(raw json.RawMessage) (*float64, error) {
		if len(raw) == 0 || string(raw) == "null" {
			return nil, nil
		}
		var v float64
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, err
		}
		return &v, nil
	}
	var err error
	if f.Min, err = num(aux.Min); err != nil {
		return fmt.Errorf("field %s min: %w", f.Name, err)
	}
	if string(aux.Max) == `"current_year"` {
		f.MaxCurrentYear = true
	} else if f.Max, err = num(aux.Max); err != nil {
		return fmt.Errorf("field %s max: %w", f.Name, err)
	}
	return nil
}

// Rule is a rule between fields of one entity.
type Rule struct {
	Kind      string   `json:"kind"` // compare, any_positive, exactly_one, required_when, club_in_commune, village_in_commune, target_value, derived_id
	Field     string   `json:"field"`
	Op        string   `json:"op,omitempty"`
	Other     string   `json:"other,omitempty"`
	Fields    []string `json:"fields,omitempty"`
	Namespace string   `json:"namespace,omitempty"`
	From      []string `json:"from,omitempty"`
	When      *struct {
		Field string   `json:"field"`
		In    []string `json:"in"`
	} `json:"when,omitempty"`
}

// Entity is one synced entity.
type Entity struct {
	Name    string              `json:"name"`
	Merge   string              `json:"merge"` // lww or ledger
	Scope   string              `json:"scope"` // commune_self, commune, club_self, club, commune_club
	Label   map[string]string   `json:"label"`
	Access  map[string]string   `json:"access"` // role → "r", "rw", "ru"
	Fields  []Field             `json:"fields"`
	Rules   []Rule              `json:"rules"`
	Visible map[string][]string `json:"visible,omitempty"` // role → the only fields it may read
	index   map[string]int
}

// Field returns the named field.
func (e *Entity) Field(name string) (*Field, bool) {
	i, ok := e.index[name]
	if !ok {
		return nil, false
	}
	return &e.Fields[i], true
}

// Ledger reports whether rows are written once and then only voided.
func (e *Entity) Ledger() bool { return e.Merge == "ledger" }

// Schema is the parsed entities.json.
type Schema struct {
	Version  int       `json:"schema_version"`
	Entities []*Entity `json:"entities"`
	// Upgrades lists what each raise of schema_version changed (upgrades.go).
	Upgrades []Upgrade `json:"upgrades,omitempty"`
	byName   map[string]*Entity
}

// Entity returns the named entity.
func (s *Schema) Entity(name string) (*Entity, bool) {
	e, ok := s.byName[name]
	return e, ok
}

// Load parses the embedded entities.json.
func Load() (*Schema, error) { return Parse(entitiesJSON) }

// Parse parses an entities.json document.
func Parse(b []byte) (*Schema, error) {
	var s Schema
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("parse entities.json: %w", err)
	}
	s.byName = make(map[string]*Entity, len(s.Entities))
	for _, e := range s.Entities {
		e.index = make(map[string]int, len(e.Fields))
		for i, f := range e.Fields {
			e.index[f.Name] = i
		}
		s.byName[e.Name] = e
	}
	return &s, nil
}

// MustLoad is Load for program start, where the embedded file is known good.
func MustLoad() *Schema {
	s, err := Load()
	if err != nil {
		panic(err)
	}
	return s
}
