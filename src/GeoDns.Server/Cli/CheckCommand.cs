using System.Globalization;
using GeoDns.Core.Zones.Loading;
using GeoDns.Server.Configuration;
using GeoDns.Server.PolicyTests;

namespace GeoDns.Server.Cli;

/// <summary>
/// <c>geodns check</c>: loads the configuration and every zone file with the server's own loader
/// and prints each problem as <c>file:line:col: error: message</c>. Exit 0 when there is no error.
/// The <c>Geo</c> section is compiled while the configuration loads (a bad one exits 2); with
/// regions configured, a <c>$REGION</c> the topology does not know is a zone error. Then every
/// policy test file (<c>X.tests</c> beside <c>X.zone</c>) runs against the loaded zones and the
/// topology; a failing test is an error.
/// </summary>
internal static class CheckCommand
{
    public static int Run(GeoDnsConfiguration configuration, TextWriter output)
    {
        string source = configuration.ConfigFile is null ? "configuration" : DisplayPaths.For(configuration.ConfigFile);
        // A key set by an argument or an environment variable is reported as coming from there, not from the file.
        foreach (var warning in configuration.SourcedWarnings) output.WriteLine($"{warning.Origin ?? source}: warning: {warning.Text}");
        string directory = DisplayPaths.For(configuration.ZonesDirectory);
        var geo = configuration.Geo;
        if (geo.HasRegions) output.WriteLine(GeoSummary.Describe(geo));
        var result = ZoneDirectory.Load(configuration.ZonesDirectory, configuration.ZoneLoadOptions);
        if (result is null)
        {
            output.WriteLine($"{directory}: error: zones directory not found (ZonesDirectory)");
            return ExitCodes.Failure;
        }
        int errors = 0, warnings = configuration.Warnings.Count, failed = 0;
        foreach (var file in result.Results)
        {
            foreach (var diagnostic in file.Diagnostics)
            {
                output.WriteLine(diagnostic.ToString());
                if (diagnostic.IsError) errors++;
                else warnings++;
            }
            if (file.Success)
            {
                var zone = file.Zone!;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(file.Files.Count > 0 ? file.Files[0] : directory)}: ok: {zone.Name} serial {zone.Serial}, {zone.RecordCount} records"));
            }
            else
            {
                failed++;
            }
        }
        if (result.Results.Count == 0) output.WriteLine($"{directory}: warning: no *.zone files");
        var tests = RunPolicyTests(configuration, directory, result, output);
        errors += tests.Errors;
        warnings += tests.Warnings;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Results.Count} zone files, {failed} failed: {errors} errors, {warnings} warnings"));
        return errors == 0 && failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>
    /// Runs each <c>X.tests</c> of the zones directory against the loaded zone set and the
    /// configured topology: failures print like zone errors, then one summary line per file.
    /// Tests of a zone that did not load are not run (its errors fail the check already); a test
    /// file without its zone file is a warning.
    /// </summary>
    private static (int Errors, int Warnings) RunPolicyTests(GeoDnsConfiguration configuration, string directory, ZoneSetLoadResult zones, TextWriter output)
    {
        var files = PolicyDirectory.TestFiles(directory);
        if (files.Count == 0) return (0, 0);
        var options = PolicyRunOptions.From(configuration);
        int errors = 0, warnings = 0, passed = 0, failedTests = 0;
        foreach (string path in files)
        {
            string zoneFile = PolicyTestFile.ZoneFileFor(path);
            ZoneLoadResult? zone = null;
            foreach (var file in zones.Results)
            {
                if (file.Files.Count > 0 && string.Equals(file.Files[0], zoneFile, StringComparison.Ordinal)) zone = file;
            }
            if (zone is null)
            {
                output.WriteLine($"{path}: warning: no zone file {zoneFile} beside it; its tests were not run");
                warnings++;
                continue;
            }
            if (!zone.Success)
            {
                output.WriteLine($"{path}: not run: {zoneFile} did not load");
                continue;
            }
            var result = PolicyRunner.Run(PolicyTestFile.Load(path), zones.ZoneSet, configuration.Geo.Topology, options);
            foreach (var failure in result.Failures) output.WriteLine(failure.ToString());
            output.WriteLine(result.Summary);
            errors += result.Failures.Count;
            passed += result.Passed;
            failedTests += result.Failed;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{files.Count} policy test file{(files.Count == 1 ? "" : "s")}: {passed} passed, {failedTests} failed"));
        return (errors, warnings);
    }
}
