package indicators

import (
	"reflect"
	"slices"
)

// fullRebuild lists the entities whose change Update leaves to NewIndex: the
// commune and its clubs (the scope of everything else) and loans and
// repayments (a repayment counts only while its loan is live).
var fullRebuild = map[string]bool{"commune": true, "club": true, "loan": true, "repayment": true}

// Update returns the index of the rows after a push: ix without the old
// versions of the changed rows (olds[i] is changed[i]'s previous version, or
// nil for a new row; found by id) and with the new versions added at the
// end, as NewIndex over the new rows in seq order would give. ix itself is
// not changed: the two share every list the push did not touch. The work
// grows with the commune's number of keys (members, meetings), not its rows;
// ok is false when a change needs NewIndex (see fullRebuild).
func (ix *Index) Update(olds, changed []*Row) (nx *Index, ok bool) {
	for i, r := range changed {
		if fullRebuild[r.Entity] || olds[i] != nil && fullRebuild[olds[i].Entity] {
			return nil, false
		}
	}
	gone := map[string]bool{}
	for _, o := range olds {
		if o != nil {
			gone[o.ID] = true
		}
	}
	nx = ix.cloneWithout(gone)
	for _, r := range changed {
		if r.live() {
			nx.add(r, nil)
		}
	}
	return nx, true
}

var (
	rowPtrType  = reflect.TypeFor[*Row]()
	rowListType = reflect.TypeFor[[]*Row]()
	rowMapType  = reflect.TypeFor[map[string]*Row]()
	rowLists    = reflect.TypeFor[map[string][]*Row]()
)

// cloneWithout copies ix's maps and clips its lists (so that add never writes
// into a list ix shares) and drops the rows whose ids are in gone. Every field of Index is
// walked by its type, so that a grouping added to Index later is copied too.
func (ix *Index) cloneWithout(gone map[string]bool) *Index {
	nx := *ix
	v := reflect.ValueOf(&nx).Elem()
	for i := 0; i < v.NumField(); i++ {
		// Index's fields are unexported: reach them through their address.
		f := reflect.NewAt(v.Field(i).Type(), v.Field(i).Addr().UnsafePointer()).Elem()
		switch f.Type() {
		case rowLists:
			m := f.Interface().(map[string][]*Row)
			c := make(map[string][]*Row, len(m))
			for k, list := range m {
				if l := without(list, gone); len(l) > 0 || len(list) == 0 {
					c[k] = l
				}
			}
			f.Set(reflect.ValueOf(c))
		case rowMapType:
			m := f.Interface().(map[string]*Row)
			c := make(map[string]*Row, len(m))
			for k, r := range m {
				if !gone[r.ID] {
					c[k] = r
				}
			}
			f.Set(reflect.ValueOf(c))
		case rowListType:
			f.Set(reflect.ValueOf(without(f.Interface().([]*Row), gone)))
		case rowPtrType, reflect.TypeFor[string]():
		default:
			panic("indicators: Index.Update does not know field " + v.Type().Field(i).Name + " of type " + f.Type().String())
		}
	}
	return &nx
}

// without is list minus the rows whose ids are in gone, with no spare
// capacity.
func without(list []*Row, gone map[string]bool) []*Row {
	if len(gone) > 0 {
		for i, r := range list {
			if gone[r.ID] {
				out := slices.Clone(list[:i])
				for _, r := range list[i+1:] {
					if !gone[r.ID] {
						out = append(out, r)
					}
				}
				if len(out) == 0 {
					return nil
				}
				return slices.Clip(out)
			}
		}
	}
	return slices.Clip(list)
}
