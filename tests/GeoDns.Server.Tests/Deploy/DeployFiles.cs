using System.Xml.Linq;
using GeoDns.Server.Tests.Configuration;

namespace GeoDns.Server.Tests.Deploy;

/// <summary>Paths and facts of the repository the deployment files refer to.</summary>
internal static class DeployFiles
{
    public static string Root => ConfigurationTests.RepositoryRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static Dockerfile Dockerfile() => Deploy.Dockerfile.Parse(File.ReadAllText(PathOf("Dockerfile")));

    public const string ServerProject = "src/GeoDns.Server/GeoDns.Server.csproj";

    /// <summary>The AssemblyName of the server project: the executable's name.</summary>
    public static string AssemblyName()
    {
        var project = XDocument.Load(PathOf(ServerProject));
        return project.Descendants("AssemblyName").Single().Value;
    }

    /// <summary>The Version in Directory.Build.props.</summary>
    public static string Version() => XDocument.Load(PathOf("Directory.Build.props")).Descendants("Version").Single().Value;
}
