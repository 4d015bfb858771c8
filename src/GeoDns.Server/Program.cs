// CONTRACT STUB — the server helper replaces this with the hosted geodns executable.
return 0;
