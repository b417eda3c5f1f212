from previs.cli import main

raise SystemExit(main())
