package changes_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

func obj(kv ...any) json.RawMessage {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

func hlc(ms int64, counter int, device string) string {
	return fmt.Sprintf("%013d-%04x-%s", ms, counter, device)
}
