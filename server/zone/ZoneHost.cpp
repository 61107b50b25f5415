// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneHost.h"

#include "ApiError.h"
#include "Config.h"
#include "HttpServer.h"
#include "Logging.h"
#include "ProcessTitle.h"
#include "ServerApp.h"

#include <QCoreApplication>
#include <QDir>
#include <QTextStream>
#include <QTimer>

#include <fcntl.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace smmo {

namespace {
/// How long a pooled process that failed to load its zone lets its error answer leave before it
/// exits (the master falls back to a cold start either way).
constexpr int exitAfterFailedLoadMs = 200;
} // namespace

ZoneHost::ZoneHost(ServerContext &context, const ZoneSettings &settings)
    : m_context(context), m_settings(settings)
{
    context.http.post(QStringLiteral("/internal/assign"),
                      [this](const HttpRequest &r) { return assignAction(r); });
    if (!m_settings.pooled) {
        startServing(m_settings);
        return;
    }
    context.http.setReady(false);
    context.http.addHealthFields([this](QJsonObject &health) {
        if (!m_server)
            health.insert(QStringLiteral("pooled"), true);
    });
    qCInfo(lcZone, "pooled zone server (pid %lld) waiting for a zone",
           qint64(QCoreApplication::applicationPid()));
}

ZoneHost::~ZoneHost() = default;

void ZoneHost::addOptions(Config &config)
{
    ZoneSettings::addOptions(config);
}

std::optional<int> ZoneHost::checkOptions(ServerContext &context)
{
    ZoneSettings settings;
    QString error;
    int exitCode = 0;
    if (ZoneSettings::fromConfig(context.config, &settings, &error, &exitCode))
        return std::nullopt;
    QTextStream(stderr) << error << Qt::endl;
    return exitCode;
}

std::unique_ptr<QObject> ZoneHost::create(ServerContext &context)
{
    ZoneSettings settings;
    QString error;
    int exitCode = 0;
    if (!ZoneSettings::fromConfig(context.config, &settings, &error, &exitCode))
        throw std::runtime_error(error.toStdString());
    return std::make_unique<ZoneHost>(context, settings);
}

void ZoneHost::startServing(const ZoneSettings &settings)
{
    m_server = std::make_unique<ZoneServer>(m_context, settings);
}

HttpReply ZoneHost::assignAction(const HttpRequest &request)
{
    request.requireRole(QStringLiteral("service"));
    const QString zoneId = request.requireField(QStringLiteral("zone"), QStringLiteral("zone is required."));
    if (m_server) {
        if (m_server->zone().id() != zoneId)
            throw ApiError::conflict(
                QStringLiteral("This zone server already serves %1.").arg(m_server->zone().id()));
        return HttpReply::json(QJsonObject{{QStringLiteral("zone"), zoneId},
                                           {QStringLiteral("ready"), m_context.http.isReady()}});
    }
    ZoneSettings settings = m_settings;
    QString error;
    int status = 400;
    if (!settings.assign(zoneId, &error, &status))
        throw ApiError(status, error);

    // From here on this process is the zone's server, like one started with --zone: it must
    // outlive the master (the master started it with a parent-death signal for the pool's sake).
    ::prctl(PR_SET_PDEATHSIG, 0);
    if (!ProcessTitle::replaceArgument("--pooled", {"--zone", zoneId.toUtf8()}))
        qCWarning(lcZone,
                  "cannot show --zone %s in the command line; a restarted master will not be "
                  "able to signal this zone",
                  qPrintable(zoneId));
    moveLogToZone(zoneId);
    qCInfo(lcZone, "assigned zone %s", qPrintable(zoneId));
    try {
        startServing(settings);
    } catch (const std::exception &e) {
        // Half-built zone objects may have left traces in the HTTP server: this process is done.
        qCCritical(lcZone, "zone %s could not be loaded: %s; exiting", qPrintable(zoneId), e.what());
        m_server.reset();
        QTimer::singleShot(exitAfterFailedLoadMs, [] { QCoreApplication::exit(1); });
        throw ApiError(
            500,
            QStringLiteral("The zone %1 could not be loaded: %2").arg(zoneId, QString::fromUtf8(e.what())));
    }
    return HttpReply::json(QJsonObject{{QStringLiteral("zone"), zoneId}, {QStringLiteral("ready"), true}});
}

void ZoneHost::moveLogToZone(const QString &zoneId)
{
    struct stat info = {};
    if (::fstat(STDERR_FILENO, &info) != 0 || !S_ISREG(info.st_mode))
        return; // a terminal or a pipe: whoever started us reads it
    const QString logDir = QDir(m_context.config.dataDir()).filePath(QStringLiteral("logs"));
    const QString path = QDir(logDir).filePath(QStringLiteral("zone-%1.log").arg(zoneId));
    QDir().mkpath(logDir);
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        qCWarning(lcZone, "cannot open %s; logging stays here", qPrintable(path));
        return;
    }
    qCInfo(lcZone, "zone %s: the log continues in %s", qPrintable(zoneId), qPrintable(path));
    ::dup2(fd, STDERR_FILENO);
    ::close(fd);
}

} // namespace smmo
