using Cd4ml.Functions.Extensions;
using Cd4ml.Pipeline.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services
    .AddCd4mlPipeline(builder.Configuration)
    .AddCd4mlFunctionsAuth()
    .AddCd4mlFunctionsTelemetry(builder.Configuration);
builder.Build().Run();
