package privilege

import "testing"

func TestValidityTable(t *testing.T) {
	// Spec §4.1, row by row.
	want := map[Privilege][]ObjectType{
		Select:              {Catalog, Database, Table, Function, AnyFile, AnonymousFunction},
		Modify:              {Catalog, Database, Table, AnyFile},
		ReadMetadata:        {Catalog, Database, Table, Function, AnyFile},
		Create:              {Catalog, Database},
		CreateNamedFunction: {Catalog, Database},
		Usage:               {Catalog, Database},
		ModifyClasspath:     {Catalog},
		Own:                 {},
	}
	types := []ObjectType{Catalog, Database, Table, Function, AnyFile, AnonymousFunction}
	for p, ok := range want {
		for _, typ := range types {
			exp := false
			for _, o := range ok {
				exp = exp || o == typ
			}
			if got := Valid(typ, p); got != exp {
				t.Errorf("Valid(%v, %v) = %v, want %v", typ, p, got, exp)
			}
		}
	}
}

func TestParseAndPhrases(t *testing.T) {
	if p, ok := Parse("read_metadata"); !ok || p != ReadMetadata {
		t.Fatalf("Parse(read_metadata) = %v, %v", p, ok)
	}
	if _, ok := Parse("EXECUTE"); ok {
		t.Fatal("EXECUTE must not parse")
	}
	cases := map[Securable]string{
		TableKey("sales", "orders"): "table `sales`.`orders`",
		DatabaseKey("sales"):        "database `sales`",
		FunctionKey("m", "f"):       "function `m`.`f`",
		CatalogKey:                  "CATALOG",
		AnyFileKey:                  "any file",
		AnonymousFunctionKey:        "anonymous function",
	}
	for s, want := range cases {
		if s.String() != want {
			t.Errorf("%#v.String() = %q, want %q", s, s.String(), want)
		}
	}
	if k := TableKey("a`b", "t").Key(); k != "`a``b`.`t`" {
		t.Errorf("Key = %q", k)
	}
}
