// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-sampleserver: the standard routes plus two demonstration endpoints.
#include "ApiError.h"
#include "ServerApp.h"

#include <QJsonObject>

namespace {

/// GET /hello/<name> greets; POST /echo answers the parsed body fields and who sent them.
class SampleRole : public QObject
{
public:
    explicit SampleRole(smmo::ServerContext &context)
    {
        context.http.get(QStringLiteral("/hello/<name>"), [](const smmo::HttpRequest &request) {
            return smmo::HttpReply::json(
                QJsonObject{{QStringLiteral("greeting"), QStringLiteral("Hello, %1!").arg(request.param("name"))}});
        });
        context.http.post(QStringLiteral("/echo"), [](const smmo::HttpRequest &request) {
            QJsonObject answer{{QStringLiteral("fields"), request.fields()}};
            if (request.session())
                answer.insert(QStringLiteral("user"), request.session()->userName);
            return smmo::HttpReply::json(answer);
        });
    }
};

} // namespace

int main(int argc, char **argv)
{
    const smmo::ServerSpec spec{QStringLiteral("sampleserver"),
                                QStringLiteral("SimpleMMO sample server: the common routes and an echo."), 1299,
                                false, {}};
    return smmo::runServer(argc, argv, spec, [](smmo::ServerContext &context) {
        return std::make_unique<SampleRole>(context);
    });
}
