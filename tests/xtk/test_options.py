"""getOption / setOption persist in the local store between runs."""


def test_options_survive_between_runs(run_js, store_opts):
    first = run_js('logInfo(JSON.stringify(getOption("lastImport"))); setOption("lastImport", "2024-02-01");', **store_opts)
    assert (first.code, first.out) == (0, '""\n')
    second = run_js('logInfo(getOption("lastImport")); setOption("lastImport", 7); logInfo(typeof getOption("lastImport"), getOption("lastImport"));', **store_opts)
    assert second.out == "2024-02-01\nstring 7\n"


def test_option_name_errors(run_js):
    r = run_js('try { getOption("") } catch (e) { logInfo(e.message) }\n'
               'try { setOption("x".repeat(65), 1) } catch (e) { logInfo(e.message) }')
    assert r.out == ("getOption/setOption: the option name must be a non-empty string\n"
                     "option name too long: 65 characters, at most 64\n")
