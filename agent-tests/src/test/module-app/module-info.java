/** A scoring service as a named module: its packages are its own, and it reads only java.base. */
module com.acme.scoring {
    exports com.acme.scoring;
}
