/**
 * The {@code s3-failover-route53} command line: {@code plan | apply | status | destroy | preflight
 * --spec failover.yaml}. See {@link io.github.s3failover.route53.cli.Route53Cli}.
 */
package io.github.s3failover.route53.cli;
