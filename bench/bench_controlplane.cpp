// SPDX-License-Identifier: AGPL-3.0-or-later
// bench_controlplane: starts a real AuthServer and CharServer on a temporary SQLite database and
// prints (1) authenticated GET /<name>/zone requests per second over keep-alive connections and
// (2) logins per second at the default password-hash cost and at a cheap one. With --compare-url it
// loads that URL too (nginx serving a small file, in make bench) with the same generator, in the
// same run, and prints the ratio; --server-cpu pins the servers it starts to one CPU.
// Usage: bench_controlplane [--seconds N] [--connections N] [--bin-dir DIR] [--compare-url URL]
//                           [--server-cpu N]
#include "HttpTestClient.h"
#include "ServerProcess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSysInfo>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

#include <sched.h>

using namespace smmo::test;

namespace {

QTextStream out(stdout);

/// One keep-alive connection sending the same request again as soon as the answer is complete.
class KeepAliveClient : public QObject
{
public:
    KeepAliveClient(const QUrl &url, QByteArray request, qint64 *completed, qint64 *failed)
        : m_request(std::move(request)), m_completed(completed), m_failed(failed)
    {
        connect(&m_socket, &QTcpSocket::connected, this, [this] { m_socket.write(m_request); });
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { onData(); });
        connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] { ++*m_failed; });
        m_socket.connectToHost(url.host(), quint16(url.port()));
    }
    void stop() { m_stopped = true; }

private:
    void onData()
    {
        m_buffer += m_socket.readAll();
        for (;;) {
            const auto headerEnd = m_buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            const QByteArray headers = m_buffer.left(headerEnd).toLower();
            const auto at = headers.indexOf("content-length:");
            const qint64 length =
                at < 0 ? 0 : headers.mid(at + 15, headers.indexOf('\r', at) - at - 15).trimmed().toLongLong();
            if (m_buffer.size() < headerEnd + 4 + length)
                return;
            if (!headers.startsWith("http/1.1 200"))
                ++*m_failed;
            else
                ++*m_completed;
            m_buffer.remove(0, headerEnd + 4 + length);
            if (!m_stopped)
                m_socket.write(m_request);
        }
    }
    QTcpSocket m_socket;
    QByteArray m_request;
    QByteArray m_buffer;
    qint64 *m_completed;
    qint64 *m_failed;
    bool m_stopped = false;
};

void waitMs(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

QUrlQuery form(const QString &user, const QString &password)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("username"), user);
    q.addQueryItem(QStringLiteral("password"), password);
    return q;
}

// Keeps a started server on one CPU, as make bench keeps every server apart from its load generator.
void pin(ServerProcess &server, int cpu)
{
    if (cpu < 0)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(pid_t(server.process().processId()), sizeof set, &set);
}

double requestsPerSecond(const QUrl &url, const QByteArray &path, const QByteArray &token, int connections,
                         int seconds, qint64 *failedOut)
{
    QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: " + url.authority().toUtf8() + "\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token + "\r\n";
    request += "Connection: keep-alive\r\n\r\n";
    qint64 completed = 0, failed = 0;
    std::vector<std::unique_ptr<KeepAliveClient>> clients;
    for (int i = 0; i < connections; ++i)
        clients.push_back(std::make_unique<KeepAliveClient>(url, request, &completed, &failed));
    waitMs(500); // warm-up: connections open, caches warm
    const qint64 start = completed;
    QElapsedTimer timer;
    timer.start();
    waitMs(seconds * 1000);
    const double rate = double(completed - start) / (double(timer.elapsed()) / 1000.0);
    for (auto &c : clients)
        c->stop();
    *failedOut = failed;
    return rate;
}

double loginsPerSecond(const QString &binDir, const QStringList &baseArgs, int iterations, int seconds,
                       int cpu)
{
    ServerProcess auth(binDir + QStringLiteral("/simplemmo-authserver"),
                       baseArgs + QStringList{QStringLiteral("--hash-iterations=%1").arg(iterations),
                                              QStringLiteral("--login-max-failures-per-address=1000000")});
    if (!auth.start()) {
        out << auth.output() << Qt::endl;
        return -1;
    }
    pin(auth, cpu);
    HttpTestClient setup(auth.url());
    setup.postForm(QStringLiteral("/register"), form(QStringLiteral("loginbench"), QStringLiteral("pw")));
    // Four logins in flight at once: more than the two cores, so the hashing pool stays busy.
    constexpr int inFlight = 4;
    qint64 done = 0;
    QElapsedTimer timer;
    timer.start();
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    std::function<void(QNetworkAccessManager *)> fire = [&](QNetworkAccessManager *nam) {
        QNetworkRequest request(auth.url().resolved(QUrl(QStringLiteral("/login"))));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        auto *reply =
            nam->post(request, form(QStringLiteral("loginbench"), QStringLiteral("pw")).toString().toUtf8());
        QObject::connect(reply, &QNetworkReply::finished, [&, reply, nam] {
            reply->deleteLater();
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
                ++done;
            if (timer.elapsed() < seconds * 1000)
                fire(nam);
        });
    };
    for (int i = 0; i < inFlight; ++i) {
        managers.push_back(std::make_unique<QNetworkAccessManager>());
        fire(managers.back().get());
    }
    waitMs(seconds * 1000 + 200);
    const double rate = double(done) / (double(timer.elapsed()) / 1000.0);
    auth.stop();
    return rate;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Control-plane benchmark: CharServer reads and AuthServer logins."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Measuring time per figure."),
                      QStringLiteral("n"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("connections"), QStringLiteral("Keep-alive connections."),
                      QStringLiteral("n"), QStringLiteral("32")});
    parser.addOption({QStringLiteral("bin-dir"), QStringLiteral("Where the servers are."),
                      QStringLiteral("dir"),
                      QCoreApplication::applicationDirPath() + QStringLiteral("/../bin")});
    parser.addOption(
        {QStringLiteral("compare-url"),
         QStringLiteral("Also load this URL (e.g. nginx serving a small file) with the same generator."),
         QStringLiteral("url")});
    parser.addOption({QStringLiteral("server-cpu"),
                      QStringLiteral("Pin the servers started here to this CPU."), QStringLiteral("n"),
                      QStringLiteral("-1")});
    parser.process(app);
    const int serverCpu = parser.value(QStringLiteral("server-cpu")).toInt();
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    const int connections = parser.value(QStringLiteral("connections")).toInt();
    const QString binDir = parser.value(QStringLiteral("bin-dir"));

    QTemporaryDir data;
    const QStringList baseArgs{QStringLiteral("--port=0"), QStringLiteral("--data-dir"), data.path()};
    ServerProcess auth(binDir + QStringLiteral("/simplemmo-authserver"),
                       baseArgs + QStringList{QStringLiteral("--hash-iterations=1000")});
    ServerProcess chars(binDir + QStringLiteral("/simplemmo-charserver"), baseArgs);
    if (!auth.start() || !chars.start()) {
        out << "servers did not start:\n" << auth.output() << chars.output() << Qt::endl;
        return 1;
    }
    pin(auth, serverCpu);
    pin(chars, serverCpu);
    HttpTestClient client(auth.url());
    client.setExtraHeader("Accept", "application/json");
    client.postForm(QStringLiteral("/register"), form(QStringLiteral("benchuser"), QStringLiteral("pw")));
    const auto login =
        client.postForm(QStringLiteral("/login"), form(QStringLiteral("benchuser"), QStringLiteral("pw")));
    const QByteArray token = login.json().object().value(QStringLiteral("token")).toString().toLatin1();
    client.setBearer(token);
    QUrlQuery character;
    character.addQueryItem(QStringLiteral("character_name"), QStringLiteral("Benchy"));
    client.postForm(QStringLiteral("/characters"), character);

    qint64 failed = 0;
    const double zoneRate =
        requestsPerSecond(chars.url(), "/Benchy/zone", token, connections, seconds, &failed);
    auth.stop();
    chars.stop();
    qint64 compareFailed = 0;
    const QUrl compareUrl(parser.value(QStringLiteral("compare-url")));
    const double compareRate =
        compareUrl.isValid() && !compareUrl.isEmpty()
            ? requestsPerSecond(compareUrl, compareUrl.path(QUrl::FullyEncoded).toUtf8(), {}, connections,
                                seconds, &compareFailed)
            : 0;
    const double cheap = loginsPerSecond(binDir, baseArgs, 1000, seconds, serverCpu);
    const double costly = loginsPerSecond(binDir, baseArgs, 600000, seconds, serverCpu);

    out << "SimpleMMO control plane (" << QSysInfo::prettyProductName() << ", " << QThread::idealThreadCount()
        << " cores; load generator on the same machine)\n";
    out << "figure                                              value\n";
    out << QStringLiteral("GET /<name>/zone, Bearer token, %1 keep-alive conns  %2 req/s (%3 errors)\n")
               .arg(connections)
               .arg(zoneRate, 0, 'f', 0)
               .arg(failed);
    if (compareRate > 0) {
        out << QStringLiteral("GET %1 (same generator)  %2 req/s (%3 errors)\n")
                   .arg(compareUrl.toString())
                   .arg(compareRate, 0, 'f', 0)
                   .arg(compareFailed);
        out << QStringLiteral("ratio CharServer / compared server                  %1\n")
                   .arg(zoneRate / compareRate, 0, 'f', 2);
    }
    out << QStringLiteral("POST /login, PBKDF2 1000 iterations                 %1 logins/s\n")
               .arg(cheap, 0, 'f', 1);
    out << QStringLiteral("POST /login, PBKDF2 600000 iterations (default)     %1 logins/s\n")
               .arg(costly, 0, 'f', 1);
    out.flush();
    return 0;
}
